package com.forjio.plugipay.engine.adapters;

import com.forjio.plugipay.engine.Currency;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;

/**
 * Amount conversions between the engine's minor units and providers' representations: whole rupiah
 * (Xendit, Midtrans), decimal strings with two places (PayPal), and back.
 */
public final class ProviderAmounts {
  private ProviderAmounts() {}

  /**
   * Whole rupiah for an IDR amount in minor units, or null when it has a fractional part (providers
   * would truncate it, so the customer would pay less than asked).
   */
  public static @Nullable Long wholeRupiah(long minor) {
    return minor % 100 == 0 ? minor / 100 : null;
  }

  /** A decimal string with the currency's minor digits, e.g. {@code 15000} cents is {@code "150.00"}. */
  public static String decimal(long minor, Currency currency) {
    return BigDecimal.valueOf(minor, currency.minorDigits()).toPlainString();
  }

  /**
   * Minor units of a provider's decimal amount ("150000.00", "150.5", 150000), or null when it is not
   * a number or has more digits than the currency allows.
   */
  public static @Nullable Long minorOf(@Nullable String decimal, Currency currency) {
    if (decimal == null || decimal.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(decimal.trim()).setScale(currency.minorDigits(), RoundingMode.UNNECESSARY)
          .unscaledValue().longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }
}
