package com.forjio.plugipay.engine.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A provider callback, verified and decoded by {@link PaymentAdapter#parseNotification}.
 *
 * @param providerReference the provider's id of the attempt, or null when it only names ours
 * @param reference our reference the provider echoes (the attempt id or session id), or null
 * @param outcome what the provider says
 * @param amountMinor the amount the provider reports in the session's minor units, or null
 */
public record ProviderNotification(
    @Nullable String providerReference,
    @Nullable String reference,
    ProviderOutcome outcome,
    @Nullable Long amountMinor) {
  /** Checks that something identifies the attempt. */
  public ProviderNotification {
    Objects.requireNonNull(outcome, "outcome");
    if (providerReference == null && reference == null) {
      throw new IllegalArgumentException("a notification names the provider's or our reference");
    }
  }
}
