package com.forjio.plugipay.engine;

import org.jspecify.annotations.Nullable;

/** A way a customer can pay a checkout session. */
public enum CheckoutMethod {
  /** Indonesia's standard QR code. */
  QRIS("qris"),
  /** Bank virtual account (or a manual bank transfer). */
  VA("va"),
  /** E-wallets: OVO, DANA, GoPay, ShopeePay ... */
  EWALLET("ewallet"),
  /** Credit or debit card. */
  CARD("card"),
  /** Over-the-counter payment at a retail outlet (Alfamart, Indomaret). */
  RETAIL("retail"),
  /** PayPal. */
  PAYPAL("paypal");

  private final String wireName;

  CheckoutMethod(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON and SQL, e.g. {@code ewallet}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The method with this wire name.
   *
   * @throws PlugipayException {@code validation_error} (param {@code methods}) for an unknown name
   */
  public static CheckoutMethod fromWireName(@Nullable String wireName) {
    for (CheckoutMethod m : values()) {
      if (m.wireName.equals(wireName)) {
        return m;
      }
    }
    throw PlugipayException.invalid("methods", "unknown checkout method: " + wireName);
  }
}
