package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.spi.CancelOutcome;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.PaymentRequest;
import com.forjio.plugipay.engine.spi.PaymentStart;
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

  /** No provider call: the customer is told to transfer the amount quoting the attempt's reference. */
  @Override
  public PaymentStart start(PaymentRequest request) {
    CheckoutSession s = request.session();
    String reference = request.attemptId();
    String amount = s.currency().wireName() + " " + java.math.BigDecimal.valueOf(s.amount(),
        s.currency().minorDigits()).toPlainString();
    return new PaymentStart.Started(reference, PaymentAction.Kind.INSTRUCTIONS, reference,
        "Transfer " + amount + " to the merchant's bank account, quoting reference " + reference
            + ". The merchant confirms the payment once it arrives.");
  }

  /** Nothing was started at any provider, so there is always something to void. */
  @Override
  public CancelOutcome cancel(PaymentAttempt attempt) {
    return CancelOutcome.VOIDED;
  }
}
