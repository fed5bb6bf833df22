/**
 * The public API of the Plugipay embedded engine: {@link com.forjio.plugipay.engine.PlugipayEngine}
 * and its builder, {@link com.forjio.plugipay.engine.CheckoutSessions}, the value types and
 * {@link com.forjio.plugipay.engine.PlugipayException}. Everything else in this package is
 * implementation and package-private.
 */
@NullMarked
package com.forjio.plugipay.engine;

import org.jspecify.annotations.NullMarked;
