package com.forjio.plugipay.engine;

import org.jspecify.annotations.Nullable;

/**
 * The status of a checkout session. {@link #COMPLETED}, {@link #EXPIRED} and {@link #CANCELED} are
 * terminal: a session in one of them never changes again. Which transitions are legal is decided in
 * one place inside the engine (its status table); this enum only names the states.
 */
public enum CheckoutSessionStatus {
  /** Created; the customer has not started paying. */
  OPEN("open"),
  /** The customer started a payment; the provider has not confirmed it yet. */
  PENDING("pending"),
  /** Paid. Terminal. */
  COMPLETED("completed"),
  /** {@code expiresAt} passed before payment. Terminal. */
  EXPIRED("expired"),
  /** Cancelled by the merchant before payment. Terminal. */
  CANCELED("canceled"),
  /** The provider (or the merchant's check of a manual transfer) holds the payment for review. */
  PENDING_REVIEW("pending_review");

  private final String wireName;

  CheckoutSessionStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON and SQL, e.g. {@code pending_review}. */
  public String wireName() {
    return wireName;
  }

  /** True for {@link #COMPLETED}, {@link #EXPIRED} and {@link #CANCELED}. */
  public boolean isTerminal() {
    return this == COMPLETED || this == EXPIRED || this == CANCELED;
  }

  /**
   * The status with this wire name.
   *
   * @throws PlugipayException {@code validation_error} (param {@code status}) for an unknown name
   */
  public static CheckoutSessionStatus fromWireName(@Nullable String wireName) {
    for (CheckoutSessionStatus s : values()) {
      if (s.wireName.equals(wireName)) {
        return s;
      }
    }
    throw PlugipayException.invalid("status", "unknown checkout session status: " + wireName);
  }
}
