package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.spi.PaymentAdapter;
import java.util.EnumSet;
import java.util.Set;

/**
 * The built-in manual adapter: the customer transfers money to the merchant's bank account, the
 * merchant checks the statement and calls {@code confirm}. No provider is called. With no other
 * adapter configured it serves every method, so a zero-configuration engine accepts them all.
 */
final class ManualPaymentAdapter implements PaymentAdapter {
  static final String NAME = "manual";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<CheckoutMethod> methods() {
    return EnumSet.allOf(CheckoutMethod.class);
  }

  @Override
  public boolean merchantConfirms() {
    return true;
  }
}
