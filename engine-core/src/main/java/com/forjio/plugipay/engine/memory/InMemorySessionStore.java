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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The zero-configuration {@link SessionStore}: everything in this JVM's heap, nothing survives a
 * restart. Right for tests, demos and single-node use where losing open sessions on restart is
 * acceptable; use the jOOQ store for anything durable or shared between engines.
 *
 * <h2>Concurrency</h2>
 * Each session lives in a {@code Slot}; a transition holds that slot's monitor while it checks the
 * version, swaps the session and appends the event, so racing transitions on one session serialize
 * and exactly one wins, while different sessions do not contend. The one lock all sessions share
 * guards the outbox's ready queue, for the few pointer writes of queueing a session there; an
 * account's list index and an expiry bucket have a monitor each, held for an append. All of these
 * are taken after a slot's monitor, never before it.
 * Creation is atomic per idempotency key: the key's entry is computed once, under the lock of the
 * key's stripe of the index, and the session, its token and its {@code created} event are
 * published inside that computation, so concurrent creates with one key all see the same winner.
 *
 * <h2>Indexes</h2>
 * Session ids, hosted tokens and idempotency keys are looked up in striped open-addressing tables
 * that hold no object per entry and are read without locks.
 * Per account, an {@link OrderedLog} of slots by {@code (createdAt, id)} serves keyset pages
 * (sessions arrive nearly in that order, so an insert is an append). Open sessions are also kept in
 * buckets by the second they expire, each sorted by {@code (expiresAt, id)} when it first comes
 * due, which serve expiry claims at a cost proportional to the number due; the buckets are pruned
 * lazily, by the expiry claim (see {@link #findDueForExpiry}). Both hold the slots themselves, and
 * a slot also carries its idempotency record, its event history and its FIFO of undelivered
 * events, so a session costs a few objects beyond its own fields. Only the head of a session's FIFO
 * can be leased, which keeps delivery in the order of the transitions, and a head waiting for a
 * retry holds back only its own session.
 *
 * <p>Thread-safe. Instances are independent; two engines sharing one instance behave as one group.
 */
public final class InMemorySessionStore implements SessionStore {
  /** Orders slots, and {@link SortKey} probes among them, by {@code (createdAt, id)}. */
  private static final Comparator<Object> BY_CREATION = (a, b) -> {
    int c = Long.compare(createdSecond(a), createdSecond(b));
    if (c == 0) {
      c = Integer.compare(createdNano(a), createdNano(b));
    }
    return c != 0 ? c : idOf(a).compareTo(idOf(b));
  };
  /** Orders slots by {@code (expiresAt, id)}; an open session's expiry never changes. */
  private static final Comparator<Slot> BY_EXPIRY = (a, b) -> {
    int c = Long.compare(a.expiresSecond, b.expiresSecond);
    if (c == 0) {
      c = Integer.compare(a.expiresNano, b.expiresNano);
    }
    return c != 0 ? c : a.id.compareTo(b.id);
  };
  private static final CheckoutSessionEvent[] NO_EVENTS = {};
  private static final String SESSION_PREFIX = "cs_";
  private static final String CREATED_EVENT_PREFIX = "evt_";

  private final StringIndex<Slot> sessions = new StringIndex<>();
  private final StringIndex<Slot> byToken = new StringIndex<>();
  /** Idempotency records: per (account, operation), the key's session; the slot holds the rest. */
  private final ConcurrentHashMap<String, KeyScope> keys = new ConcurrentHashMap<>();
  private volatile @Nullable KeyScope lastScope;
  /** Keeps the key if it still deduplicates, else publishes the request's session. */
  private final StringIndex.Remapping<Slot, CreateSessionRequest> keepOrPublish =
      (existing, request) -> existing != null && stillDeduplicates(existing, request)
          ? existing
          : publish(request);
  private final ConcurrentHashMap<String, OrderedLog<Slot>> byAccount = new ConcurrentHashMap<>();
  /** Open sessions by expiry second; each bucket is sorted when it first comes due. */
  private final ConcurrentSkipListMap<Long, ExpiryBucket> openByExpiry =
      new ConcurrentSkipListMap<>();
  /** The bucket the last session went into: the next one most often expires in the same second. */
  private volatile @Nullable ExpiryBucket lastExpiryBucket;
  /** Held by {@link #findDueForExpiry}: only it reorders or clears bucket positions. */
  private final Object expirySweep = new Object();
  /*
   * The outbox. Every slot with undelivered events is in exactly one of three places, according to
   * the head of its FIFO: the ready queue (linked through the slots themselves), the lease table (by
   * event id, until the lease lapses) or the retry schedule (by due time). So a claim costs what it
   * returns plus the leases outstanding, not the number of sessions or of undelivered events, and
   * delivering an event allocates nothing here beyond the entry handed out. The queue and the table
   * are guarded by outboxLock, which is taken after a slot's monitor, never before it.
   */
  private final Object outboxLock = new Object();
  private @Nullable Slot readyHead;
  private @Nullable Slot readyTail;
  private final IdTable<Slot> leased = new IdTable<>();
  private final ConcurrentSkipListMap<SortKey, Slot> retrying = new ConcurrentSkipListMap<>();
  private final AtomicInteger undelivered = new AtomicInteger();
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
    String newId = request.session().session().id();
    Slot winner = keyScope(request.accountId(), request.operation())
        .compute(request.key(), request, keepOrPublish);
    if (winner.id.equals(newId)) {
      return new CreateSessionResult(request.session(), true, request.fingerprint());
    }
    return new CreateSessionResult(winner.current, false, winner.keyFingerprint);
  }

  private StringIndex<Slot> keyScope(String accountId, String operation) {
    KeyScope last = lastScope; // most creates are in the scope of the one before
    if (last != null && last.accountId.equals(accountId) && last.operation.equals(operation)) {
      return last.index;
    }
    KeyScope scope = keys.computeIfAbsent(accountId + '\u0000' + operation,
        x -> new KeyScope(accountId, operation, new StringIndex<>()));
    lastScope = scope;
    return scope.index;
  }

  private static boolean stillDeduplicates(Slot existing, CreateSessionRequest request) {
    if (!existing.keyLiveAt(request.now())) {
      return false;
    }
    if (!request.derived()) {
      return true;
    }
    CheckoutSession s = existing.current.session();
    return switch (s.status()) {
      case OPEN -> s.expiresAt().isAfter(request.now());
      case PENDING, PENDING_REVIEW -> true;
      default -> false;
    };
  }

  /** Makes a new session visible in every index and queues its created event if asked to. */
  private Slot publish(CreateSessionRequest request) {
    StoredSession stored = request.session();
    CheckoutSession s = stored.session();
    Slot slot = new Slot(stored, request.event(), request.fingerprint(), request.keyExpiresAt());
    synchronized (slot) {
      if (sessions.putIfAbsent(s.id(), slot) != null) {
        throw new IllegalStateException("duplicate session id " + s.id());
      }
      byToken.put(stored.hostedToken(), slot);
      OrderedLog<Slot> ofAccount = byAccount.get(s.accountId());
      if (ofAccount == null) {
        ofAccount = byAccount.computeIfAbsent(s.accountId(), a -> new OrderedLog<>(BY_CREATION));
      }
      ofAccount.add(slot);
      if (s.status() == CheckoutSessionStatus.OPEN) {
        indexExpiry(slot);
      }
      if (request.dispatch()) {
        enqueue(slot, request.event());
      }
    }
    return slot;
  }

  /** Appends to the slot's FIFO of undelivered events; the caller holds the slot's monitor. */
  private void enqueue(Slot slot, CheckoutSessionEvent event) {
    Pending p = new Pending(event);
    undelivered.incrementAndGet();
    if (slot.outboxTail == null) {
      slot.outboxHead = p;
      slot.outboxTail = p;
      makeReady(slot);
    } else {
      slot.outboxTail.next = p;
      slot.outboxTail = p;
    }
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
    OrderedLog<Slot> all = byAccount.get(q.accountId());
    if (all == null) {
      return List.of();
    }
    @Nullable Object low = q.createdAfter() == null ? null : new SortKey(q.createdAfter(), "");
    @Nullable Object high = q.createdBefore() == null ? null : new SortKey(q.createdBefore(), "");
    boolean descending = q.order() == Order.DESC;
    // where the walk starts, exclusive unless it is the lower bound of an ascending walk
    @Nullable Object from;
    boolean inclusive = false;
    if (descending) {
      from = q.after() != null && (high == null || BY_CREATION.compare(q.after(), high) < 0)
          ? q.after() : high;
    } else if (q.after() != null && (low == null || BY_CREATION.compare(q.after(), low) >= 0)) {
      from = q.after();
    } else {
      from = low;
      inclusive = true;
    }
    @Nullable Object end = descending ? low : high;
    List<StoredSession> page = new ArrayList<>(Math.min(q.limit(), 128));
    Object[] window = new Object[Math.min(q.limit() + 1, 256)];
    for (;;) {
      int n = descending ? all.descending(from, inclusive, window)
          : all.ascending(from, inclusive, window);
      for (int i = 0; i < n; i++) {
        Slot slot = (Slot) window[i];
        if (end != null && (descending ? BY_CREATION.compare(slot, end) < 0
            : BY_CREATION.compare(slot, end) >= 0)) {
          return page; // past the range
        }
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
          return page;
        }
      }
      if (n < window.length) {
        return page;
      }
      from = window[n - 1];
      inclusive = false;
    }
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
      if (next.status() == CheckoutSessionStatus.OPEN
          && current.session().status() != CheckoutSessionStatus.OPEN) {
        if (!slot.expiryIndexed) {
          indexExpiry(slot); // back to open (a failed attempt) after the sweep dropped it
        }
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
      slot.keepFirstVersion(); // before the swap: the created event is rebuilt from it
      slot.current = updated;
      slot.appendHistory(request.event());
      if (request.dispatch()) {
        enqueue(slot, request.event());
      }
      return new TransitionResult(true, updated);
    }
  }

  /** Adds an open session to the expiry index; the caller holds the slot's monitor. */
  private void indexExpiry(Slot slot) {
    slot.expiryIndexed = true;
    boolean cached = true;
    for (;;) {
      ExpiryBucket b = cached ? lastExpiryBucket : null;
      if (b == null || b.second != slot.expiresSecond) {
        b = openByExpiry.computeIfAbsent(slot.expiresSecond, ExpiryBucket::new);
        lastExpiryBucket = b;
      }
      if (b.add(slot)) {
        return;
      }
      // emptied and closed by a sweep: out of the index, so the map makes a new one
      openByExpiry.remove(b.second, b);
      cached = false;
    }
  }

  /**
   * The expiry index is pruned lazily: a session that stops being open stays in its bucket until
   * it is due, and is dropped here then, so confirm and cancel do not pay for the index at all. A
   * bucket is sorted by {@code (expiresAt, id)} when it is first swept (and again only if a
   * reopened session joined it since); a sweep reads each bucket from the first position not yet
   * dropped, so its cost follows what it returns and drops, not what is stored.
   */
  @Override
  public List<StoredSession> findDueForExpiry(Instant now, int limit) {
    List<StoredSession> due = new ArrayList<>();
    synchronized (expirySweep) {
      for (ExpiryBucket b : openByExpiry.headMap(now.getEpochSecond(), true).values()) {
        if (due.size() >= limit) {
          break;
        }
        Slot[] slots;
        int from;
        int to;
        synchronized (b) {
          b.sortNew();
          slots = b.slots;
          from = b.head;
          to = b.size;
        }
        // positions below `to` move only under expirySweep: appends go after them
        int[] dropped = new int[Math.min(to - from, 64)];
        int drops = 0;
        for (int i = from; i < to && due.size() < limit; i++) {
          Slot slot = slots[i];
          if (slot == null) {
            continue;
          }
          if (isAfter(slot.expiresSecond, slot.expiresNano, now)) {
            break; // not due yet, nor is anything after it
          }
          synchronized (slot) {
            StoredSession current = slot.current;
            if (current.session().status() == CheckoutSessionStatus.OPEN) {
              due.add(current);
              continue;
            }
            slot.expiryIndexed = false; // left open before it was due; a reopening adds it again
          }
          if (drops == dropped.length) {
            dropped = Arrays.copyOf(dropped, 2 * drops);
          }
          dropped[drops++] = i;
        }
        if (b.drop(dropped, drops)) {
          openByExpiry.remove(b.second, b);
        }
      }
    }
    return due;
  }

  /** Queues a slot whose FIFO head can be leased now. */
  private void makeReady(Slot slot) {
    synchronized (outboxLock) {
      slot.nextReady = null;
      if (readyTail == null) {
        readyHead = slot;
      } else {
        readyTail.nextReady = slot;
      }
      readyTail = slot;
    }
  }

  private @Nullable Slot pollReady() {
    synchronized (outboxLock) {
      Slot slot = readyHead;
      if (slot != null) {
        readyHead = slot.nextReady;
        if (readyHead == null) {
          readyTail = null;
        }
        slot.nextReady = null;
      }
      return slot;
    }
  }

  @Override
  public List<OutboxEntry> claimOutbox(OutboxClaim claim) {
    Instant now = claim.now();
    List<OutboxEntry> claimed = new ArrayList<>(Math.min(claim.limit(), 64));
    readyDueRetries(now);
    for (Slot slot : lapsedLeases(now)) {
      if (claimed.size() >= claim.limit()) {
        return claimed;
      }
      synchronized (slot) {
        Pending head = slot.outboxHead;
        if (head != null && head.leaseUntil != null && !head.leaseUntil.isAfter(now)) {
          head.leaseUntil = claim.leaseUntil();
          claimed.add(new OutboxEntry(head.event, head.attempts));
        }
      }
    }
    Slot slot;
    while (claimed.size() < claim.limit() && (slot = pollReady()) != null) {
      synchronized (slot) {
        Pending head = slot.outboxHead;
        if (head != null) { // a ready slot's head is neither leased nor waiting
          head.leaseUntil = claim.leaseUntil();
          synchronized (outboxLock) {
            leased.put(head.event.id(), slot);
          }
          claimed.add(new OutboxEntry(head.event, head.attempts));
        }
      }
    }
    return claimed;
  }

  /** Retries that are due become ready. */
  private void readyDueRetries(Instant now) {
    Map.Entry<SortKey, Slot> due;
    while ((due = retrying.firstEntry()) != null && !due.getKey().createdAt().isAfter(now)) {
      if (retrying.remove(due.getKey(), due.getValue())) {
        makeReady(due.getValue());
      }
    }
  }

  /** Slots whose leased head's lease lapsed (its holder stopped); usually none, and then free. */
  private List<Slot> lapsedLeases(Instant now) {
    List<Slot> lapsed = List.of();
    synchronized (outboxLock) {
      for (int i = 0; leased.size() > 0 && i < leased.capacity(); i++) {
        Slot candidate = leased.valueAt(i);
        Pending head = candidate == null ? null : candidate.outboxHead;
        Instant until = head == null ? null : head.leaseUntil;
        if (until != null && !until.isAfter(now)) {
          if (lapsed.isEmpty()) {
            lapsed = new ArrayList<>();
          }
          lapsed.add(candidate);
        }
      }
    }
    return lapsed;
  }

  /** Pops the heads that are ready, and lapsed leases, without leasing or handing them out. */
  @Override
  public int acknowledgeClaimable(OutboxClaim claim) {
    Instant now = claim.now();
    readyDueRetries(now);
    int done = 0;
    for (Slot slot : lapsedLeases(now)) {
      if (done >= claim.limit()) {
        return done;
      }
      synchronized (slot) {
        Pending head = slot.outboxHead;
        if (head != null && head.leaseUntil != null && !head.leaseUntil.isAfter(now)) {
          synchronized (outboxLock) {
            leased.remove(head.event.id());
          }
          popHead(slot, head);
          done++;
        }
      }
    }
    Slot slot;
    while (done < claim.limit() && (slot = pollReady()) != null) {
      synchronized (slot) {
        Pending head = slot.outboxHead;
        if (head != null) { // a ready slot's head is neither leased nor waiting
          popHead(slot, head);
          done++;
        }
      }
    }
    return done;
  }

  /** Removes the head of the slot's FIFO; the next event, if any, becomes ready. Holds the slot. */
  private void popHead(Slot slot, Pending head) {
    undelivered.decrementAndGet();
    slot.outboxHead = head.next;
    if (head.next == null) {
      slot.outboxTail = null;
    } else {
      makeReady(slot);
    }
  }

  @Override
  public void acknowledge(String eventId) {
    Slot slot;
    synchronized (outboxLock) {
      slot = leased.get(eventId);
    }
    if (slot == null) {
      return; // already acknowledged, or never leased: nothing to do
    }
    synchronized (slot) {
      Pending head = slot.outboxHead;
      if (head == null || !head.event.id().equals(eventId)) {
        return;
      }
      synchronized (outboxLock) {
        leased.remove(eventId);
      }
      popHead(slot, head);
    }
  }

  @Override
  public void reschedule(String eventId, Instant availableAt) {
    Slot slot;
    synchronized (outboxLock) {
      slot = leased.get(eventId);
    }
    if (slot == null) {
      return;
    }
    synchronized (slot) {
      Pending head = slot.outboxHead;
      if (head != null && head.event.id().equals(eventId)) {
        synchronized (outboxLock) {
          leased.remove(eventId);
        }
        head.attempts++;
        head.leaseUntil = null;
        retrying.put(new SortKey(availableAt, eventId), slot);
      }
    }
  }

  @Override
  public List<CheckoutSessionEvent> events(String accountId, String sessionId) {
    Slot slot = sessions.get(sessionId);
    if (slot == null || !slot.current.session().accountId().equals(accountId)) {
      return List.of();
    }
    synchronized (slot) {
      if (slot.secondEvent == null) {
        return List.of(slot.firstEvent());
      }
      CheckoutSessionEvent[] all = new CheckoutSessionEvent[2 + slot.laterEvents.length];
      all[0] = slot.firstEvent();
      all[1] = slot.secondEvent;
      System.arraycopy(slot.laterEvents, 0, all, 2, slot.laterEvents.length);
      return List.of(all);
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
    for (KeyScope scope : keys.values()) {
      if (purged >= limit) {
        break;
      }
      purged += scope.index.removeIf((slot, at) -> !slot.keyLiveAt(at), now, limit - purged);
    }
    return purged;
  }

  /** Number of sessions held, for tests and monitoring. */
  public int size() {
    return sessions.size();
  }

  /** Number of idempotency records held (expired ones until purged). */
  public int idempotencyKeyCount() {
    int n = 0;
    for (KeyScope scope : keys.values()) {
      n += scope.index.size();
    }
    return n;
  }

  /** Number of events not yet acknowledged. */
  public int pendingEventCount() {
    return undelivered.get();
  }

  /** {@code Instant.ofEpochSecond(second, nano).isAfter(t)}, without making the instant. */
  private static boolean isAfter(long second, int nano, Instant t) {
    return second > t.getEpochSecond() || second == t.getEpochSecond() && nano > t.getNano();
  }

  private static long createdSecond(Object o) {
    return o instanceof Slot slot ? slot.createdSecond : ((SortKey) o).createdAt().getEpochSecond();
  }

  private static int createdNano(Object o) {
    return o instanceof Slot slot ? slot.createdNano : ((SortKey) o).createdAt().getNano();
  }

  private static String idOf(Object o) {
    return o instanceof Slot slot ? slot.id : ((SortKey) o).id();
  }

  /**
   * One session: its current version, what never changes about it (id, creation, expiry), the
   * idempotency record that created it, its event history, its FIFO of undelivered events and its
   * current payment attempt. Everything mutable is guarded by the slot's monitor; {@code current}
   * is also readable without it.
   */
  private static final class Slot {
    final String id;
    /** Creation and expiry as numbers, so index comparisons read the slot and nothing else. */
    final long createdSecond;
    final long expiresSecond;
    final int createdNano;
    final int expiresNano;
    final String keyFingerprint;
    /** When the idempotency key stops deduplicating, as numbers (the request's instant is not kept). */
    final long keyExpiresSecond;
    final int keyExpiresNano;
    volatile StoredSession current;
    /**
     * The first event as given, or null if it is the usual {@code created} event of the first
     * version, which {@link #firstEvent()} rebuilds: not keeping it saves three objects (about 100
     * bytes) per session, and a store that only grows spends most of a create copying what it keeps.
     */
    private final @Nullable CheckoutSessionEvent firstEvent;
    /**
     * The first version's session once a transition has replaced it, for {@link #firstEvent()} to
     * rebuild the created event from (a reference: the transition allocates nothing for it).
     */
    private @Nullable CheckoutSession firstVersion;
    @Nullable CheckoutSessionEvent secondEvent;
    CheckoutSessionEvent[] laterEvents = NO_EVENTS;
    /** The next slot in the outbox's ready queue. */
    @Nullable Slot nextReady;
    volatile @Nullable Pending outboxHead;
    @Nullable Pending outboxTail;
    @Nullable PaymentAttempt attempt;
    /** In a bucket of the expiry index; guarded by the slot's monitor. */
    boolean expiryIndexed;

    Slot(StoredSession created, CheckoutSessionEvent event, String keyFingerprint,
        Instant keyExpiresAt) {
      CheckoutSession s = created.session();
      this.id = s.id();
      this.createdSecond = s.createdAt().getEpochSecond();
      this.createdNano = s.createdAt().getNano();
      this.expiresSecond = s.expiresAt().getEpochSecond();
      this.expiresNano = s.expiresAt().getNano();
      this.keyFingerprint = keyFingerprint;
      this.keyExpiresSecond = keyExpiresAt.getEpochSecond();
      this.keyExpiresNano = keyExpiresAt.getNano();
      this.current = created;
      this.firstEvent = isRebuildable(event, created) ? null : event;
    }

    /** The first event of the history; the caller holds the slot's monitor. */
    CheckoutSessionEvent firstEvent() {
      if (firstEvent != null) {
        return firstEvent;
      }
      return createdEvent(firstVersion != null ? firstVersion : current.session());
    }

    /**
     * Remembers the first version, which a transition is about to replace, if the created event is
     * rebuilt from it; the caller holds the slot's monitor.
     */
    void keepFirstVersion() {
      if (firstEvent == null && firstVersion == null) {
        firstVersion = current.session();
      }
    }

    /**
     * True if {@code event} is exactly what {@link #createdEvent} makes of the stored session: the
     * engine's {@code created} event, whose id repeats the session's ULID. Anything else a caller
     * stores (another id, another snapshot) is kept as given.
     */
    private static boolean isRebuildable(CheckoutSessionEvent event, StoredSession created) {
      CheckoutSession s = created.session();
      String id = event.id();
      return event.session() == s
          && event.type().equals(CheckoutSessionEvent.TYPE_CREATED)
          && event.accountId().equals(s.accountId())
          && event.occurredAt().equals(s.createdAt())
          && id.length() == s.id().length() + 1
          && id.startsWith(CREATED_EVENT_PREFIX)
          && s.id().startsWith(SESSION_PREFIX)
          && id.regionMatches(CREATED_EVENT_PREFIX.length(), s.id(), SESSION_PREFIX.length(),
              s.id().length() - SESSION_PREFIX.length());
    }

    /** The {@code created} event of a first version: {@code evt_} and the session's ULID. */
    private static CheckoutSessionEvent createdEvent(CheckoutSession first) {
      return new CheckoutSessionEvent(
          CREATED_EVENT_PREFIX + first.id().substring(SESSION_PREFIX.length()),
          CheckoutSessionEvent.TYPE_CREATED, first.accountId(), first.createdAt(), first);
    }

    /** True while the idempotency key still deduplicates at {@code now}. */
    boolean keyLiveAt(Instant now) {
      return isAfter(keyExpiresSecond, keyExpiresNano, now);
    }

    void appendHistory(CheckoutSessionEvent event) {
      if (secondEvent == null) {
        secondEvent = event;
        return;
      }
      CheckoutSessionEvent[] grown = Arrays.copyOf(laterEvents, laterEvents.length + 1);
      grown[laterEvents.length] = event;
      laterEvents = grown;
    }
  }

  /**
   * The open sessions expiring in one second: in {@code (expiresAt, id)} order below {@code
   * sorted}, in arrival order from there on. Guarded by its own monitor, which is taken after a
   * slot's, never before it.
   */
  private static final class ExpiryBucket {
    final long second;
    Slot[] slots = new Slot[8];
    /** Positions below it have been dropped. */
    int head;
    int size;
    /** Positions below it are in order. */
    int sorted;
    /** Emptied by a sweep and out of the index: a session that finds it closed makes a new one. */
    boolean closed;

    ExpiryBucket(long second) {
      this.second = second;
    }

    synchronized boolean add(Slot slot) {
      if (closed) {
        return false;
      }
      if (size == slots.length) {
        slots = Arrays.copyOf(slots, 2 * size);
      }
      slots[size++] = slot;
      return true;
    }

    /**
     * If anything came since the last sort, sorts the live positions again and trims the dropped
     * ones it moved to the end; the caller holds the sweep's lock and this bucket's.
     */
    void sortNew() {
      if (sorted < size) {
        Arrays.sort(slots, head, size, Comparator.nullsLast(BY_EXPIRY));
        while (size > head && slots[size - 1] == null) {
          size--;
        }
        sorted = size;
      }
    }

    /**
     * Clears the given positions and moves the head past cleared ones; true if that emptied and
     * closed the bucket. The caller holds the sweep's lock.
     */
    synchronized boolean drop(int[] positions, int count) {
      for (int k = 0; k < count; k++) {
        slots[positions[k]] = null;
      }
      while (head < size && slots[head] == null) {
        head++;
      }
      if (head == size) {
        closed = true;
      }
      return closed;
    }
  }

  /** An undelivered event in its session's FIFO; guarded by the slot's monitor. */
  private static final class Pending {
    final CheckoutSessionEvent event;
    int attempts;
    volatile @Nullable Instant leaseUntil;
    @Nullable Pending next;

    Pending(CheckoutSessionEvent event) {
      this.event = event;
    }
  }

  /** The idempotency keys of one (account, operation). */
  private record KeyScope(String accountId, String operation, StringIndex<Slot> index) {}

  @Override
  public String toString() {
    return "InMemorySessionStore[sessions=" + sessions.size() + ", keys=" + idempotencyKeyCount()
        + ", pendingEvents=" + undelivered.get() + "]";
  }
}
