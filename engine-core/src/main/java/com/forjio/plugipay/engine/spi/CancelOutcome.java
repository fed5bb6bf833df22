package com.forjio.plugipay.engine.spi;

/** What {@link PaymentAdapter#cancel} achieved. */
public enum CancelOutcome {
  /** The attempt can no longer be paid: the session may be cancelled or expired. */
  VOIDED,
  /** The provider already took the money (or will): the session must not be cancelled. */
  ALREADY_COMMITTED,
  /** The provider could not be reached or cannot cancel: treat as not voided. */
  UNKNOWN
}
