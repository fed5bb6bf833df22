package com.forjio.plugipay.engine.spi;

/** What a provider says about an attempt (in a notification or when asked). */
public enum ProviderOutcome {
  /** Money received (settled, captured). */
  PAID,
  /** Held for review (fraud check, challenge, an amount that does not match). */
  REVIEW,
  /** Declined, denied or failed; the customer may try again. */
  FAILED,
  /** The attempt lapsed unpaid at the provider. */
  EXPIRED,
  /** Still waiting for the customer. */
  PENDING,
  /** The provider could not tell (or could not be asked); try again later. */
  UNKNOWN
}
