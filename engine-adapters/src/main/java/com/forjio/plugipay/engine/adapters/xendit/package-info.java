/** The xendit payment adapter. */
@NullMarked
package com.forjio.plugipay.engine.adapters.xendit;

import org.jspecify.annotations.NullMarked;
