/** The paypal payment adapter. */
@NullMarked
package com.forjio.plugipay.engine.adapters.paypal;

import org.jspecify.annotations.NullMarked;
