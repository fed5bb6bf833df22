package com.forjio.plugipay.engine.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A verified provider notification that matches no attempt: kept so money reported for an unknown
 * reference is never silently dropped.
 *
 * @param adapter the adapter that received it
 * @param providerReference the provider's reference, or null
 * @param reference our reference it named, or null
 * @param outcome what the provider said
 * @param amountMinor the amount reported, or null
 * @param receivedAt when it arrived
 */
public record UnmatchedPayment(
    String adapter,
    @Nullable String providerReference,
    @Nullable String reference,
    ProviderOutcome outcome,
    @Nullable Long amountMinor,
    Instant receivedAt) {
  /** Checks that nothing required is missing. */
  public UnmatchedPayment {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
