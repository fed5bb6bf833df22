package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.spi.CancelOutcome;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.PaymentRequest;
import com.forjio.plugipay.engine.spi.PaymentStart;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The built-in manual adapter: the customer pays the merchant directly and the merchant, having
 * checked the statement, calls {@code confirm}. No provider is called, so it serves only what a
 * customer can pay without one: a bank transfer ({@code va}) in any currency, and the merchant's
 * own static QRIS code ({@code qris}, rupiah only, as QRIS is). Cards, e-wallets, retail counters
 * and PayPal need a provider; with none configured, they are refused at create.
 */
final class ManualPaymentAdapter implements PaymentAdapter {
  static final String NAME = "manual";
  private static final Set<CheckoutMethod> METHODS =
      Collections.unmodifiableSet(EnumSet.of(CheckoutMethod.VA, CheckoutMethod.QRIS));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<CheckoutMethod> methods() {
    return METHODS;
  }

  @Override
  public boolean serves(CheckoutMethod method, Currency currency) {
    return method == CheckoutMethod.VA || method == CheckoutMethod.QRIS && currency == Currency.IDR;
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
