package com.forjio.plugipay.engine.memory;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.spi.CreateSessionRequest;
import com.forjio.plugipay.engine.spi.CreateSessionResult;
import com.forjio.plugipay.engine.spi.ListQuery;
import com.forjio.plugipay.engine.spi.OutboxClaim;
import com.forjio.plugipay.engine.spi.OutboxEntry;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.SortKey;
import com.forjio.plugipay.engine.spi.StoredSession;
import com.forjio.plugipay.engine.spi.TransitionRequest;
import com.forjio.plugipay.engine.spi.TransitionResult;
import com.forjio.plugipay.engine.spi.UnmatchedPayment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jspecify.annotations.Nullable;

/**
 * The zero-configuration {@link SessionStore}: everything in this JVM's heap, nothing survives a
 * restart. Right for tests, demos and single-node use where losing open sessions on restart is
 * acceptable; use the jOOQ store for anything durable or shared between engines.
 *
 * <h2>Concurrency</h2>
 * There is no global lock. Each session lives in a {@code Slot}; a transition holds that slot's
 * monitor while it checks the version, swaps the session and appends the event, so racing
 * transitions on one session serialize and exactly one wins, while different sessions never
 * contend. Creation is atomic per idempotency key: the key's entry in a {@link ConcurrentHashMap} is
 * computed once, and the session, its token and its {@code created} event are published inside that
 * computation, so concurrent creates with one key all see the same winner.
 *
 * <h2>Indexes</h2>
 * Per account, a skip list ordered by {@code (createdAt, id)} serves keyset pages; a skip list of
 * open sessions ordered by {@code expiresAt} serves expiry claims at a cost proportional to the
 * number due. The outbox keeps one FIFO per session with undelivered events, so delivery order per
 * session is the order of the transitions.
 *
 * <p>Thread-safe. Instances are independent; two engines sharing one instance behave as one group.
 */
public final class InMemorySessionStore implements SessionStore {

  private final ConcurrentHashMap<String, Slot> sessions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Slot> byToken = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<KeyId, KeyRecord> keys = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentSkipListMap<SortKey, Slot>> byAccount =
      new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<SortKey> openByExpiry = new ConcurrentSkipListSet<>();
  private final MemoryOutbox outbox = new MemoryOutbox();
  private final ConcurrentHashMap<String, PaymentAttempt> attempts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, PaymentAttempt> attemptsByProviderRef =
      new ConcurrentHashMap<>();
  /** Sessions stored pending or pending_review, by creation of their current attempt. */
  private final ConcurrentSkipListSet<SortKey> awaitingProvider = new ConcurrentSkipListSet<>();
  private final ConcurrentLinkedQueue<UnmatchedPayment> unmatched = new ConcurrentLinkedQueue<>();

  /** An empty store. */
  public InMemorySessionStore() {}

  @Override
  public CreateSessionResult create(CreateSessionRequest request) {
    Objects.requireNonNull(request, "request");
    KeyId keyId = new KeyId(request.accountId(), request.operation(), request.key());
    CreateSessionResult[] outcome = new CreateSessionResult[1];
    keys.compute(keyId, (k, existing) -> {
      if (existing != null && stillDeduplicates(existing, request)) {
        outcome[0] = new CreateSessionResult(existing.slot.current, false, existing.fingerprint);
        return existing;
      }
      Slot slot = publish(request);
      outcome[0] = new CreateSessionResult(slot.current, true, request.fingerprint());
      return new KeyRecord(slot, request.fingerprint(), request.keyExpiresAt());
    });
    return outcome[0];
  }

  private static boolean stillDeduplicates(KeyRecord existing, CreateSessionRequest request) {
    if (!existing.expiresAt.isAfter(request.now())) {
      return false;
    }
    if (!request.derived()) {
      return true;
    }
    CheckoutSession s = existing.slot.current.session();
    return switch (s.status()) {
      case OPEN -> s.expiresAt().isAfter(request.now());
      case PENDING, PENDING_REVIEW -> true;
      default -> false;
    };
  }

  /** Makes a new session visible in every index and queues its created event. */
  private Slot publish(CreateSessionRequest request) {
    StoredSession stored = request.session();
    CheckoutSession s = stored.session();
    Slot slot = new Slot(stored);
    synchronized (slot) {
      if (sessions.putIfAbsent(s.id(), slot) != null) {
        throw new IllegalStateException("duplicate session id " + s.id());
      }
      byToken.put(stored.hostedToken(), slot);
      byAccount.computeIfAbsent(s.accountId(), a -> new ConcurrentSkipListMap<>())
          .put(new SortKey(s.createdAt(), s.id()), slot);
      if (s.status() == CheckoutSessionStatus.OPEN) {
        openByExpiry.add(new SortKey(s.expiresAt(), s.id()));
      }
      slot.history.add(request.event());
      outbox.append(s.id(), request.event());
    }
    return slot;
  }

  @Override
  public Optional<StoredSession> find(String accountId, String sessionId) {
    Slot slot = sessions.get(sessionId);
    if (slot == null) {
      return Optional.empty();
    }
    StoredSession current = slot.current;
    return current.session().accountId().equals(accountId) ? Optional.of(current) : Optional.empty();
  }

  @Override
  public Optional<StoredSession> findByHostedToken(String hostedToken) {
    Slot slot = byToken.get(hostedToken);
    return slot == null ? Optional.empty() : Optional.of(slot.current);
  }

  @Override
  public List<StoredSession> list(ListQuery q) {
    NavigableMap<SortKey, Slot> all = byAccount.get(q.accountId());
    if (all == null) {
      return List.of();
    }
    NavigableMap<SortKey, Slot> range = all;
    if (q.createdAfter() != null) {
      range = range.tailMap(new SortKey(q.createdAfter(), ""), true);
    }
    if (q.createdBefore() != null) {
      range = range.headMap(new SortKey(q.createdBefore(), ""), false);
    }
    if (q.after() != null) {
      range = q.order() == Order.DESC
          ? range.headMap(q.after(), false)
          : range.tailMap(q.after(), false);
    }
    Iterable<Slot> ordered = q.order() == Order.DESC ? range.descendingMap().values() : range.values();
    List<StoredSession> page = new ArrayList<>(Math.min(q.limit(), 128));
    for (Slot slot : ordered) {
      StoredSession stored = slot.current;
      CheckoutSession s = stored.session();
      if (q.customerId() != null && !q.customerId().equals(s.customerId())) {
        continue;
      }
      if (q.status() != null && effectiveStatus(s, q.now()) != q.status()) {
        continue;
      }
      page.add(stored);
      if (page.size() == q.limit()) {
        break;
      }
    }
    return page;
  }

  private static CheckoutSessionStatus effectiveStatus(CheckoutSession s, Instant now) {
    return s.status() == CheckoutSessionStatus.OPEN && !s.expiresAt().isAfter(now)
        ? CheckoutSessionStatus.EXPIRED
        : s.status();
  }

  @Override
  public TransitionResult transition(TransitionRequest request) {
    CheckoutSession next = request.next();
    Slot slot = sessions.get(next.id());
    if (slot == null) {
      throw new NoSuchElementException("no session " + next.id());
    }
    synchronized (slot) {
      StoredSession current = slot.current;
      if (current.version() != request.expectedVersion()) {
        return new TransitionResult(false, current);
      }
      StoredSession updated =
          new StoredSession(next, current.version() + 1, current.hostedToken());
      boolean wasOpen = current.session().status() == CheckoutSessionStatus.OPEN;
      boolean isOpen = next.status() == CheckoutSessionStatus.OPEN;
      if (wasOpen && !isOpen) {
        openByExpiry.remove(new SortKey(current.session().expiresAt(), next.id()));
      } else if (!wasOpen && isOpen) {
        openByExpiry.add(new SortKey(next.expiresAt(), next.id()));
      }
      PaymentAttempt attempt = request.attempt();
      if (attempt != null) {
        attempts.put(attempt.id(), attempt);
        if (attempt.providerReference() != null) {
          attemptsByProviderRef.put(attempt.adapter() + '|' + attempt.providerReference(), attempt);
        }
        if (slot.attempt != null) {
          awaitingProvider.remove(new SortKey(slot.attempt.createdAt(), slot.attempt.id()));
        }
        slot.attempt = attempt;
      }
      if (slot.attempt != null) {
        SortKey waiting = new SortKey(slot.attempt.createdAt(), slot.attempt.id());
        if (next.status() == CheckoutSessionStatus.PENDING
            || next.status() == CheckoutSessionStatus.PENDING_REVIEW) {
          awaitingProvider.add(waiting);
        } else {
          awaitingProvider.remove(waiting);
        }
      }
      slot.current = updated;
      slot.history.add(request.event());
      outbox.append(next.id(), request.event());
      return new TransitionResult(true, updated);
    }
  }

  @Override
  public List<StoredSession> findDueForExpiry(Instant now, int limit) {
    List<StoredSession> due = new ArrayList<>();
    Iterator<SortKey> it = openByExpiry.iterator();
    while (it.hasNext() && due.size() < limit) {
      SortKey key = it.next();
      if (key.createdAt().isAfter(now)) {
        break;
      }
      Slot slot = sessions.get(key.id());
      if (slot != null && slot.current.session().status() == CheckoutSessionStatus.OPEN) {
        due.add(slot.current);
      }
    }
    return due;
  }

  @Override
  public List<OutboxEntry> claimOutbox(OutboxClaim claim) {
    return outbox.claim(claim);
  }

  @Override
  public void acknowledge(String eventId) {
    outbox.acknowledge(eventId);
  }

  @Override
  public void reschedule(String eventId, Instant availableAt) {
    outbox.reschedule(eventId, availableAt);
  }

  @Override
  public List<CheckoutSessionEvent> events(String accountId, String sessionId) {
    Slot slot = sessions.get(sessionId);
    if (slot == null || !slot.current.session().accountId().equals(accountId)) {
      return List.of();
    }
    synchronized (slot) {
      return List.copyOf(slot.history);
    }
  }

  @Override
  public Optional<PaymentAttempt> findAttempt(String attemptId) {
    return Optional.ofNullable(attempts.get(attemptId));
  }

  @Override
  public Optional<PaymentAttempt> findAttemptByProviderReference(String adapter,
      String providerReference) {
    return Optional.ofNullable(attemptsByProviderRef.get(adapter + '|' + providerReference));
  }

  @Override
  public Optional<PaymentAttempt> currentAttempt(String accountId, String sessionId) {
    Slot slot = sessions.get(sessionId);
    if (slot == null || !slot.current.session().accountId().equals(accountId)) {
      return Optional.empty();
    }
    synchronized (slot) {
      return Optional.ofNullable(slot.attempt);
    }
  }

  @Override
  public List<PaymentAttempt> findAttemptsToReconcile(int limit) {
    List<PaymentAttempt> due = new ArrayList<>();
    for (SortKey key : awaitingProvider) {
      if (due.size() >= limit) {
        break;
      }
      PaymentAttempt a = attempts.get(key.id());
      if (a != null) {
        due.add(a);
      }
    }
    return due;
  }

  @Override
  public void recordUnmatched(UnmatchedPayment payment) {
    unmatched.add(payment);
  }

  @Override
  public List<UnmatchedPayment> unmatchedPayments(int limit) {
    List<UnmatchedPayment> out = new ArrayList<>();
    for (UnmatchedPayment p : unmatched) {
      if (out.size() >= limit) {
        break;
      }
      out.add(p);
    }
    return out;
  }

  @Override
  public int purgeIdempotencyKeys(Instant now, int limit) {
    int purged = 0;
    for (Map.Entry<KeyId, KeyRecord> e : keys.entrySet()) {
      if (purged >= limit) {
        break;
      }
      if (!e.getValue().expiresAt.isAfter(now) && keys.remove(e.getKey(), e.getValue())) {
        purged++;
      }
    }
    return purged;
  }

  /** Number of sessions held, for tests and monitoring. */
  public int size() {
    return sessions.size();
  }

  /** Number of idempotency records held (expired ones until purged). */
  public int idempotencyKeyCount() {
    return keys.size();
  }

  /** Number of events not yet acknowledged. */
  public int pendingEventCount() {
    return outbox.pendingCount();
  }

  /** One session: its current version and its event history, guarded by the slot's monitor. */
  private static final class Slot {
    volatile StoredSession current;
    final List<CheckoutSessionEvent> history = new ArrayList<>(2);
    @Nullable PaymentAttempt attempt;

    Slot(StoredSession current) {
      this.current = current;
    }
  }

  private record KeyId(String accountId, String operation, String key) {}

  private record KeyRecord(Slot slot, String fingerprint, Instant expiresAt) {}

  @Override
  public String toString() {
    return "InMemorySessionStore[sessions=" + sessions.size() + ", keys=" + keys.size()
        + ", pendingEvents=" + outbox.pendingCount() + "]";
  }
}
