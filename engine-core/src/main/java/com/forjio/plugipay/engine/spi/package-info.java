/**
 * What others implement: {@link com.forjio.plugipay.engine.spi.SessionStore} (where sessions live)
 * and {@link com.forjio.plugipay.engine.spi.PaymentAdapter} (a payment provider), with the small
 * records they exchange with the engine. Each type documents its contract.
 */
@NullMarked
package com.forjio.plugipay.engine.spi;

import org.jspecify.annotations.NullMarked;
