package com.forjio.plugipay.engine.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to lease outbox events for delivery ({@link SessionStore#claimOutbox}).
 *
 * @param owner who leases (one id per engine instance); only the owner may ack or reschedule
 * @param now the engine's clock
 * @param leaseUntil the lease lapses at this instant; afterwards any engine may claim the event again
 * @param limit the most events to return
 */
public record OutboxClaim(String owner, Instant now, Instant leaseUntil, int limit) {
  /** Checks that nothing is missing and the limit is positive. */
  public OutboxClaim {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
  }
}
