package com.forjio.plugipay.engine;

import org.jspecify.annotations.Nullable;

/**
 * A currency a checkout session can be priced in. Amounts are always in minor units: IDR 150,000.00
 * is {@code 15_000_000}, USD 1.50 is {@code 150}.
 */
public enum Currency {
  /** Indonesian rupiah (2 minor digits in the Plugipay API, whole rupiah at most providers). */
  IDR("IDR", 2),
  /** US dollar (cents). */
  USD("USD", 2);

  private final String wireName;
  private final int minorDigits;

  Currency(String wireName, int minorDigits) {
    this.wireName = wireName;
    this.minorDigits = minorDigits;
  }

  /** The ISO 4217 code, e.g. {@code IDR}. */
  public String wireName() {
    return wireName;
  }

  /** How many minor-unit digits an amount in this currency carries (2 for both). */
  public int minorDigits() {
    return minorDigits;
  }

  /**
   * The currency with this ISO code.
   *
   * @throws PlugipayException {@code validation_error} (param {@code currency}) for an unknown code
   */
  public static Currency fromWireName(@Nullable String wireName) {
    for (Currency c : values()) {
      if (c.wireName.equals(wireName)) {
        return c;
      }
    }
    throw PlugipayException.invalid("currency", "unknown currency: " + wireName);
  }
}
