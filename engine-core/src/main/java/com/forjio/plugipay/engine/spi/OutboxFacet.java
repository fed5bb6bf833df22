package com.forjio.plugipay.engine.spi;

import java.time.Instant;
import java.util.List;

/**
 * The outbox facet of a store: the events a create or transition wrote undelivered, leased to one
 * dispatcher at a time, in order per session. Called by the engine's outbox dispatcher, from its loop
 * and delivery threads; several engines may lease from one store at once. {@code
 * SessionStoreContract}'s outbox tests check this facet.
 */
public interface OutboxFacet {

  /**
   * Leases up to {@code claim.limit()} undelivered events to {@code claim.owner()}: per session only
   * the oldest unacknowledged event (so delivery stays in order per session), only events whose
   * retry time has come ({@code availableAt <= now}) and whose lease is free or lapsed. A leased
   * event is not returned again before {@code leaseUntil}, to this or another owner. An event never
   * rescheduled is due at once, whatever {@code now} is: the clock of the engine that wrote it
   * (which stamped its times) may run ahead of the claimer's.
   */
  List<OutboxEntry> claimOutbox(OutboxClaim claim);

  /** Marks a leased event delivered; it is never claimed again. Idempotent. */
  void acknowledge(String eventId);

  /**
   * Marks several leased events delivered, as {@link #acknowledge} does one by one; stores override
   * it to do so in one statement.
   */
  default void acknowledgeAll(java.util.Collection<String> eventIds) {
    for (String id : eventIds) {
      acknowledge(id);
    }
  }

  /**
   * Marks delivered, without reading them, up to {@code claim.limit()} events that
   * {@link #claimOutbox} could lease now (due, lease free or lapsed): what an engine with nobody to
   * tell does with its events. The default claims and acknowledges them; SQL stores override it
   * with statements that neither join the session nor lease first.
   *
   * @return how many events it marked delivered
   */
  default int acknowledgeClaimable(OutboxClaim claim) {
    List<OutboxEntry> batch = claimOutbox(claim);
    if (batch.isEmpty()) {
      return 0;
    }
    List<String> ids = new java.util.ArrayList<>(batch.size());
    for (OutboxEntry entry : batch) {
      ids.add(entry.event().id());
    }
    acknowledgeAll(ids);
    return ids.size();
  }

  /**
   * Releases a leased event for another try at {@code availableAt}, counting one more attempt. The
   * session's later events stay behind it.
   */
  void reschedule(String eventId, Instant availableAt);
}
