package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A payment provider as the engine sees it. The engine routes each checkout method to one adapter
 * (configured on the engine's builder); a session created with a method no adapter serves is
 * refused. The manual adapter (bank transfer checked by the merchant, completed with
 * {@code confirm}) is built in.
 *
 * <p>Implementations are called from any thread, concurrently, and must be thread-safe. The engine
 * wraps every provider call it makes in its own resilience policy; adapters classify their failures
 * once, at this boundary.
 */
public interface PaymentAdapter {

  /** The adapter's name as it appears in {@code CheckoutSession.adapter}: {@code xendit}, ... */
  String name();

  /** The methods this adapter can take payments for. */
  Set<CheckoutMethod> methods();

  /** The currencies it accepts; all by default. */
  default Set<Currency> currencies() {
    return EnumSet.allOf(Currency.class);
  }

  /**
   * True when payments through this adapter are verified by the merchant, who completes the session
   * with {@code confirm} (the manual bank-transfer adapter). Provider-settled adapters answer false,
   * and {@code confirm} on their sessions is {@code forbidden}.
   */
  default boolean merchantConfirms() {
    return false;
  }

  /** True when this adapter can take {@code method} payments in {@code currency}. */
  default boolean serves(CheckoutMethod method, Currency currency) {
    return methods().contains(method) && currencies().contains(currency);
  }

  /**
   * Starts a payment attempt at the provider (creates the invoice, transaction or order). Called on
   * the customer's request thread when they choose a method. Send {@code request.attemptId()} as the
   * provider's idempotency key or reference where it has one. Return {@link PaymentStart.Unknown}
   * (never {@code Declined}) when the request may have reached the provider; throw a
   * {@code PlugipayException} with code {@code provider_unavailable} when the provider certainly
   * could not be reached. The default declines: the adapter takes no payments itself.
   */
  default PaymentStart start(PaymentRequest request) {
    return new PaymentStart.Declined("adapter " + name() + " cannot start payments");
  }

  /**
   * Voids an attempt so it can no longer be paid (expire the invoice, cancel the transaction).
   * Called when the merchant cancels a pending session or it expires. The default cannot void.
   */
  default CancelOutcome cancel(PaymentAttempt attempt) {
    return CancelOutcome.UNKNOWN;
  }

  /**
   * Verifies and decodes a provider callback, exactly as received. Must not change anything.
   *
   * @throws PlugipayException {@code signature_invalid} for a missing or
   *     wrong signature or token; {@code invalid_payload} for a body it cannot read
   */
  default ProviderNotification parseNotification(Map<String, List<String>> headers, byte[] body) {
    throw new PlugipayException(ErrorCode.INVALID_PAYLOAD, null,
        "adapter " + name() + " accepts no notifications");
  }

  /**
   * Asks the provider what became of an attempt (reconciliation of lost callbacks). Must be
   * idempotent. The default does not know.
   */
  default ProviderOutcome fetchStatus(PaymentAttempt attempt) {
    return ProviderOutcome.UNKNOWN;
  }
}
