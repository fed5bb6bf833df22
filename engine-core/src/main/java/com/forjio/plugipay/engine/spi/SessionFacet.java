package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The sessions facet of a store: sessions with their idempotency keys and their history of events.
 * Each operation is one atomic step (see {@link SessionStore} for what every facet promises);
 * {@code SessionStoreContract}'s sessions tests check this facet.
 */
public interface SessionFacet {

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

  /** Every event written for the session, oldest first (the session's history). */
  List<CheckoutSessionEvent> events(String accountId, String sessionId);

  /**
   * Deletes up to {@code limit} idempotency records that expired at or before {@code now}.
   *
   * @return how many were deleted
   */
  int purgeIdempotencyKeys(Instant now, int limit);
}
