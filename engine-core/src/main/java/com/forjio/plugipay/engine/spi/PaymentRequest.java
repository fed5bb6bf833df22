package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer asks to pay {@code session} with {@code method} ({@link PaymentAdapter#start}).
 *
 * @param session the session, open
 * @param method the method the customer chose; the adapter serves it
 * @param attemptId a fresh id for this attempt ({@code pa_} + ULID): send it as the provider's
 *     idempotency key or reference where the provider has one, so a retried call creates nothing twice
 * @param now the engine's clock when the customer chose the method: compute durations (how long the
 *     provider's invoice should live) from it, not from the system clock, so that an engine on a
 *     test's clock, or one whose clock is set apart, moves its adapters too
 */
public record PaymentRequest(CheckoutSession session, CheckoutMethod method, String attemptId,
    Instant now) {
  /** Checks that nothing is missing. */
  public PaymentRequest {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(now, "now");
  }
}
