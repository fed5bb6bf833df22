/**
 * Payment provider adapters and the resilience policy around them:
 * {@link com.forjio.plugipay.engine.adapters.AdapterResilience} decorates any
 * {@link com.forjio.plugipay.engine.spi.PaymentAdapter}; the providers live in the subpackages
 * {@code simulator}, {@code xendit}, {@code midtrans} and {@code paypal}.
 */
@NullMarked
package com.forjio.plugipay.engine.adapters;

import org.jspecify.annotations.NullMarked;
