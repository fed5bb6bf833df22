package com.forjio.plugipay.engine.adapters;

import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAdapterDecorator;

/**
 * The service-loader entry through which engines apply {@link AdapterResilience#defaults()} to
 * every provider adapter the application did not decorate itself.
 */
public final class DefaultResilience implements PaymentAdapterDecorator {
  /** For {@link java.util.ServiceLoader}. */
  public DefaultResilience() {}

  @Override
  public PaymentAdapter decorate(PaymentAdapter adapter) {
    return AdapterResilience.defaults().decorate(adapter);
  }
}
