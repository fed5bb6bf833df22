package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where an engine keeps its sessions, idempotency keys and outbox. Implement it to put sessions in
 * your own storage; every implementation must pass the store contract suite shipped in
 * {@code engine-core}'s test-jar ({@code SessionStoreContract}).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The operations are atomic steps, not CRUD: each one either happens completely or not at all.
 *       The engine calls them from any thread, concurrently; several engines (several JVMs) may share
 *       one durable store, so correctness must come from the store (unique keys, version
 *       compare-and-set, row claims), never from in-JVM locks alone.
 *   <li>The store does not decide which status changes are legal (the engine's status table does);
 *       it guarantees that a transition applies only to the version the engine read, and that the
 *       transition's event is written with it.
 *   <li>Every event a create or transition writes is kept in its session's history
 *       ({@link #events}); it also enters the outbox, undelivered, when its request's
 *       {@code dispatch()} is true. When it is false (the engine has no listener) the event is
 *       written as already delivered and is never claimed. A store that queues it anyway stays
 *       correct, only slower: an engine without listeners marks such events delivered in bulk.
 *   <li>Failures are unchecked exceptions; a durable store reports them as a
 *       {@code PlugipayException} with code {@code store_error} naming the operation. Nothing is
 *       returned as null: absence is an empty {@link Optional} or list.
 * </ul>
 */
public interface SessionStore extends AutoCloseable {

  /**
   * Creates a session with its idempotency key and its {@code created} event, atomically.
   *
   * <p>If {@code (accountId, operation, key)} already points at a session and that record has not
   * expired ({@code keyExpiresAt > now}), nothing is written and the existing session is returned
   * with {@code created = false} and the stored fingerprint — even when the writer of that record has
   * not committed yet (wait for it). For a {@link CreateSessionRequest#derived() derived} key the
   * record only counts while its session is still active: status {@code open} with
   * {@code expiresAt > now}, {@code pending} or {@code pending_review}; otherwise the key is moved to
   * the new session, which is written. N concurrent calls with one key create exactly one session and
   * all return it.
   */
  CreateSessionResult create(CreateSessionRequest request);

  /** The session with this id in this account; empty when absent or of another account. */
  Optional<StoredSession> find(String accountId, String sessionId);

  /** The session whose hosted page has this token (any account); empty when none. */
  Optional<StoredSession> findByHostedToken(String hostedToken);

  /**
   * Up to {@code query.limit()} sessions of the account that match the filters, in the query's
   * order, strictly after {@code query.after()}. Implementations should make this cost proportional
   * to the page, not to the account's session count (keyset on {@code (createdAt, id)}).
   */
  List<StoredSession> list(ListQuery query);

  /**
   * Compare-and-set: if the stored version of {@code request.next().id()} equals
   * {@code request.expectedVersion()}, store {@code next} at the next version, append
   * {@code request.event()} to the outbox and store {@code request.attempt()} (when not null) as the
   * session's current attempt, atomically; otherwise change nothing. Of two racing transitions from
   * one version, exactly one applies.
   *
   * @throws java.util.NoSuchElementException never for an id the engine read; stores may throw it
   *     for an unknown id
   */
  TransitionResult transition(TransitionRequest request);

  /**
   * Up to {@code limit} sessions stored {@code open} whose {@code expiresAt <= now}, earliest first.
   * Cost should be proportional to the number returned. Several engines may call this at once; a
   * store may skip rows another caller holds (the transition's compare-and-set decides anyway).
   */
  List<StoredSession> findDueForExpiry(Instant now, int limit);

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

  /** Every event written for the session, oldest first (the session's history). */
  List<CheckoutSessionEvent> events(String accountId, String sessionId);

  /** The attempt with this id (our reference, as providers echo it); empty when none. */
  Optional<PaymentAttempt> findAttempt(String attemptId);

  /** The attempt the provider knows by {@code providerReference}; empty when none. */
  Optional<PaymentAttempt> findAttemptByProviderReference(String adapter, String providerReference);

  /** The session's latest attempt (stored with its last transition to pending); empty when none. */
  Optional<PaymentAttempt> currentAttempt(String accountId, String sessionId);

  /**
   * Up to {@code limit} current attempts of sessions stored {@code pending} or
   * {@code pending_review}, oldest first: what the reconciler asks the providers about.
   */
  List<PaymentAttempt> findAttemptsToReconcile(int limit);

  /** Keeps a verified notification that matched no attempt. */
  void recordUnmatched(UnmatchedPayment payment);

  /** Up to {@code limit} unmatched notifications, oldest first. */
  List<UnmatchedPayment> unmatchedPayments(int limit);

  /**
   * Deletes up to {@code limit} idempotency records that expired at or before {@code now}.
   *
   * @return how many were deleted
   */
  int purgeIdempotencyKeys(Instant now, int limit);

  /**
   * True while the calling thread's operations run inside a transaction the caller manages (one the
   * store joined instead of opening its own), whose outcome the store cannot vouch for: what it reads
   * or writes now may still be rolled back. Caching decorators must not remember anything they see
   * then. The default, for stores that never join a caller's transaction, is false.
   */
  default boolean insideCallerTransaction() {
    return false;
  }

  /** Releases resources the store owns (a pool it created). The default does nothing. */
  @Override
  default void close() {}
}
