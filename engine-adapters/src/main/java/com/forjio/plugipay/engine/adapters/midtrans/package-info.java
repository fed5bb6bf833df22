/** The midtrans payment adapter. */
@NullMarked
package com.forjio.plugipay.engine.adapters.midtrans;

import org.jspecify.annotations.NullMarked;
