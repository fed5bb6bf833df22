package com.forjio.plugipay.engine.cache;

import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.spi.CallerTransactions;
import com.forjio.plugipay.engine.spi.CreateSessionRequest;
import com.forjio.plugipay.engine.spi.CreateSessionResult;
import com.forjio.plugipay.engine.spi.ListQuery;
import com.forjio.plugipay.engine.spi.OutboxClaim;
import com.forjio.plugipay.engine.spi.OutboxEntry;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.StoredSession;
import com.forjio.plugipay.engine.spi.TransitionRequest;
import com.forjio.plugipay.engine.spi.TransitionResult;
import com.forjio.plugipay.engine.spi.UnmatchedPayment;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SessionStore} decorator that remembers only facts that can never change, so it is safe
 * with any number of engines sharing the underlying store:
 *
 * <ul>
 *   <li><b>terminal sessions</b> ({@code completed}, {@code expired}, {@code canceled}): a terminal
 *       session never changes again, so {@code find} and {@code findByHostedToken} answer from
 *       memory once one has been seen;
 *   <li><b>explicit idempotency records</b>: the session an explicit key points at is fixed until
 *       the key expires, so a replayed create with a remembered key skips the store's insert and
 *       locking read and only re-reads the session (itself cached once terminal).
 * </ul>
 *
 * Open and pending sessions, derived keys (which move to a new session once theirs ends), lists,
 * expiry claims and the outbox always go to the underlying store. Nothing seen inside a caller's
 * transaction (when the wrapped store is one that joins them, {@link CallerTransactions}) is
 * remembered, since it may still be rolled back. Both caches are bounded (least recently used
 * entries go first).
 *
 * <p>Thread-safe. {@link #close()} closes the underlying store.
 */
public final class CachingSessionStore implements SessionStore, CallerTransactions {
  private final SessionStore delegate;
  private final Cache<String, StoredSession> terminalById;
  private final Cache<String, StoredSession> terminalByToken;
  private final Cache<KeyId, KeyFact> keys;

  private CachingSessionStore(SessionStore delegate, long maximumSize) {
    this.delegate = delegate;
    // Maintenance (eviction) runs on the calling thread, in amortized steps: no hand-off to the
    // common pool, whose thread would compete with the caller's on a small machine.
    this.terminalById = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run)
        .recordStats().build();
    this.terminalByToken = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run)
        .recordStats().build();
    this.keys = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run)
        .recordStats().build();
  }

  /**
   * Wraps {@code delegate}, keeping at most {@code maximumSize} entries in each cache.
   *
   * @throws PlugipayException {@code validation_error} for a null store or a size below 1
   */
  public static CachingSessionStore wrap(SessionStore delegate, long maximumSize) {
    if (delegate == null) {
      throw PlugipayException.invalid("delegate", "the store to cache must not be null");
    }
    if (maximumSize < 1) {
      throw PlugipayException.invalid("maximumSize", "maximumSize must be >= 1, was " + maximumSize);
    }
    return new CachingSessionStore(delegate, maximumSize);
  }

  /** Wraps {@code delegate} with room for 10,000 entries per cache. */
  public static CachingSessionStore wrap(SessionStore delegate) {
    return wrap(delegate, 10_000);
  }

  /**
   * Hit and miss counts so far.
   *
   * @param sessionHits reads answered from the terminal-session caches
   * @param sessionMisses reads that went to the store
   * @param keyHits replayed creates answered from a remembered explicit key
   * @param keyMisses creates that went to the store
   * @param size entries held in all caches
   */
  public record Stats(long sessionHits, long sessionMisses, long keyHits, long keyMisses, long size) {}

  /** The figures of both caches; cheap, for metrics. */
  public Stats stats() {
    CacheStats byId = terminalById.stats();
    CacheStats byToken = terminalByToken.stats();
    CacheStats k = keys.stats();
    return new Stats(byId.hitCount() + byToken.hitCount(), byId.missCount() + byToken.missCount(),
        k.hitCount(), k.missCount(),
        terminalById.estimatedSize() + terminalByToken.estimatedSize() + keys.estimatedSize());
  }

  /** The decorated store. */
  public SessionStore delegate() {
    return delegate;
  }

  @Override
  public CreateSessionResult create(CreateSessionRequest request) {
    if (!request.derived()) {
      KeyId id = new KeyId(request.accountId(), request.operation(), request.key());
      KeyFact fact = keys.getIfPresent(id);
      if (fact != null && fact.expiresAt.isAfter(request.now())) {
        Optional<StoredSession> session = find(request.accountId(), fact.sessionId);
        if (session.isPresent()) {
          return new CreateSessionResult(session.get(), false, fact.fingerprint);
        }
        keys.invalidate(id); // the session is gone (its create was rolled back): ask the store
      }
      CreateSessionResult result = delegate.create(request);
      // Only a key this call wrote has a known expiry; a replayed one is learnt on its creator's node.
      if (result.created() && !insideCallerTransaction()) {
        keys.put(id, new KeyFact(result.session().session().id(), result.fingerprint(),
            request.keyExpiresAt()));
      }
      return result;
    }
    return delegate.create(request);
  }

  @Override
  public Optional<StoredSession> find(String accountId, String sessionId) {
    StoredSession cached = terminalById.getIfPresent(sessionId);
    if (cached != null && cached.session().accountId().equals(accountId)) {
      return Optional.of(cached);
    }
    Optional<StoredSession> found = delegate.find(accountId, sessionId);
    found.ifPresent(this::rememberIfTerminal);
    return found;
  }

  @Override
  public Optional<StoredSession> findByHostedToken(String hostedToken) {
    StoredSession cached = terminalByToken.getIfPresent(hostedToken);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<StoredSession> found = delegate.findByHostedToken(hostedToken);
    found.ifPresent(this::rememberIfTerminal);
    return found;
  }

  private void rememberIfTerminal(StoredSession s) {
    if (s.session().status().isTerminal() && !insideCallerTransaction()) {
      terminalById.put(s.session().id(), s);
      terminalByToken.put(s.hostedToken(), s);
    }
  }

  @Override
  public TransitionResult transition(TransitionRequest request) {
    return delegate.transition(request);
  }

  @Override
  public List<StoredSession> list(ListQuery query) {
    return delegate.list(query);
  }

  @Override
  public List<StoredSession> findDueForExpiry(Instant now, int limit) {
    return delegate.findDueForExpiry(now, limit);
  }

  @Override
  public List<OutboxEntry> claimOutbox(OutboxClaim claim) {
    return delegate.claimOutbox(claim);
  }

  @Override
  public void acknowledge(String eventId) {
    delegate.acknowledge(eventId);
  }

  @Override
  public int acknowledgeClaimable(OutboxClaim claim) {
    return delegate.acknowledgeClaimable(claim);
  }

  @Override
  public void acknowledgeAll(java.util.Collection<String> eventIds) {
    delegate.acknowledgeAll(eventIds);
  }

  @Override
  public void reschedule(String eventId, Instant availableAt) {
    delegate.reschedule(eventId, availableAt);
  }

  @Override
  public List<CheckoutSessionEvent> events(String accountId, String sessionId) {
    return delegate.events(accountId, sessionId);
  }

  @Override
  public Optional<PaymentAttempt> findAttempt(String attemptId) {
    return delegate.findAttempt(attemptId);
  }

  @Override
  public Optional<PaymentAttempt> findAttemptByProviderReference(String adapter,
      String providerReference) {
    return delegate.findAttemptByProviderReference(adapter, providerReference);
  }

  @Override
  public Optional<PaymentAttempt> currentAttempt(String accountId, String sessionId) {
    return delegate.currentAttempt(accountId, sessionId);
  }

  @Override
  public List<PaymentAttempt> findAttemptsToReconcile(int limit) {
    return delegate.findAttemptsToReconcile(limit);
  }

  @Override
  public void recordUnmatched(UnmatchedPayment payment) {
    delegate.recordUnmatched(payment);
  }

  @Override
  public List<UnmatchedPayment> unmatchedPayments(int limit) {
    return delegate.unmatchedPayments(limit);
  }

  @Override
  public int purgeIdempotencyKeys(Instant now, int limit) {
    return delegate.purgeIdempotencyKeys(now, limit);
  }

  @Override
  public boolean insideCallerTransaction() {
    return delegate instanceof CallerTransactions joining && joining.insideCallerTransaction();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "CachingSessionStore[" + delegate + ", " + stats() + "]";
  }

  private record KeyId(String accountId, String operation, String key) {}

  /** What an explicit key points at; {@code expiresAt} bounds how long it may answer. */
  private record KeyFact(String sessionId, String fingerprint, Instant expiresAt) {}
}
