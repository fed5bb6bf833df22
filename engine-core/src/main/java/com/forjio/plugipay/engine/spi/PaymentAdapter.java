package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.Currency;
import java.util.EnumSet;
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
}
