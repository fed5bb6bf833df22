package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.EventListener;
import com.forjio.plugipay.engine.event.EventSubscriptions;
import com.forjio.plugipay.engine.spi.OutboxClaim;
import com.forjio.plugipay.engine.spi.OutboxEntry;
import com.forjio.plugipay.engine.spi.OutboxFacet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox events to in-process listeners: at least once, in order per session, without
 * letting one failing session hold up the others.
 *
 * <h2>How</h2>
 * One loop thread leases events from the store ({@link OutboxFacet#claimOutbox}); the store hands
 * out only the oldest undelivered event of each session, so two events of one session are never in
 * flight together and order per session follows from the store. Each leased event is delivered on a
 * small pool to every subscribed listener; when all succeed the event is acknowledged (and the
 * session's next event becomes claimable), otherwise it is rescheduled with exponential backoff and
 * jitter, and only the listeners that failed get it again (a redelivery carries the same event id).
 * A store shared by several engines makes them one group: each event goes to whichever engine
 * leases it.
 *
 * <p>The loop sleeps for the poll interval when there is nothing to do and is woken at once when this
 * engine commits a transition, so local events are delivered without waiting for a poll. Leases and
 * retry times use the system clock, not the engine's (business) clock: they must advance in real
 * time even when a test freezes the engine's clock, and agree between JVMs.
 *
 * <p>Which listeners already have an event is remembered until the event is acknowledged, so a
 * redelivery (after another listener failed, or after the acknowledgement itself failed and the lease
 * lapsed) skips them. An entry whose event this engine does not touch again within
 * {@link #forgetAfter} (twice the longest backoff plus the lease: by then the event was claimed by
 * another engine of the group, or acknowledged by a write whose answer was lost) is forgotten, oldest
 * first, at a cost of O(1) per delivery: memory stays bounded by the delivery rate, and the worst a
 * forgotten entry does is one more delivery to listeners that had it, which at least once allows.
 *
 * <p>An engine with no listener has nobody to tell: the events it commits then are written as
 * already delivered ({@link #dispatching()}), and the loop, instead of claiming, marks delivered in
 * bulk once per poll whatever is still undelivered (written while someone listened, or by a store
 * that ignores the hint). In a group, give every engine the listeners: one without them takes
 * events off the outbox like any other member.
 */
final class OutboxDispatcher implements EventSubscriptions, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final int BATCH = 64;
  /**
   * How many events one statement marks delivered while nobody listens: nobody waits for them, so
   * they are acknowledged once per poll, many at a time, not after every commit.
   */
  private static final int QUIET_BATCH = 512;
  private static final Duration LEASE = Duration.ofSeconds(30);
  /** How long a partial batch waits for company before the next claim. */
  private static final long BATCH_WINDOW_NANOS = Duration.ofMillis(5).toNanos();

  private final OutboxFacet store;
  private final Clock wallClock = Clock.systemUTC();
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final long pollNanos;
  private final String owner;
  private final int maxInFlight;
  private final CopyOnWriteArrayList<ListenerSlot> listeners = new CopyOnWriteArrayList<>();
  /** Event id to the listeners that have it, least recently touched first; guarded by itself. */
  private final LinkedHashMap<String, DeliveredTo> delivered = new LinkedHashMap<>(64, 0.75f, true);
  private final long forgetAfterNanos;
  private final LongSupplier nanoTime;
  private final ExecutorService deliveries;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean woken = new AtomicBoolean();
  private final Thread loop;
  private volatile boolean running = true;
  /** True while the loop sleeps; wake() pays for an unpark only then. */
  private volatile boolean parked;

  OutboxDispatcher(OutboxFacet store, String owner, List<EventListener> initialListeners,
      Duration initialBackoff, Duration maxBackoff, Duration pollInterval, int threads) {
    this(store, owner, initialListeners, initialBackoff, maxBackoff, pollInterval, threads,
        System::nanoTime);
  }

  /** As the other constructor, with the time source that ages remembered deliveries (for tests). */
  OutboxDispatcher(OutboxFacet store, String owner, List<EventListener> initialListeners,
      Duration initialBackoff, Duration maxBackoff, Duration pollInterval, int threads,
      LongSupplier nanoTime) {
    this.store = store;
    this.nanoTime = nanoTime;
    this.forgetAfterNanos = forgetAfter(maxBackoff).toNanos();
    this.owner = owner;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.pollNanos = pollInterval.toNanos();
    this.maxInFlight = threads * 16;
    for (EventListener l : initialListeners) {
      listeners.add(new ListenerSlot(l));
    }
    AtomicInteger n = new AtomicInteger();
    this.deliveries = Executors.newFixedThreadPool(threads, r -> daemon(r,
        "plugipay-events-" + owner + "-" + n.incrementAndGet()));
    this.loop = daemon(this::run, "plugipay-outbox-" + owner);
  }

  void start() {
    loop.start();
  }

  /**
   * Whether events committed now are to be delivered: true while anyone listens. Without listeners
   * the engine asks the store to record its events as already delivered, so that nothing has to
   * mark them later (their history is kept all the same).
   */
  boolean dispatching() {
    return !listeners.isEmpty();
  }

  /**
   * Something was committed: claim now instead of at the next poll. Cheap; safe from any thread.
   * Without listeners it does nothing: the events wait for the next poll, to be marked delivered in
   * bulk.
   */
  void wake() {
    if (listeners.isEmpty()) {
      return;
    }
    if (!woken.getAndSet(true) && parked) {
      LockSupport.unpark(loop);
    }
  }

  @Override
  public Subscription subscribe(EventListener listener) {
    if (listener == null) {
      throw PlugipayException.invalid("listener", "an event listener is required");
    }
    ListenerSlot slot = new ListenerSlot(listener);
    listeners.add(slot);
    // a permit, even if the loop is not parked yet: a quiet loop about to sleep a whole poll
    // interval returns at once and starts delivering
    LockSupport.unpark(loop);
    return () -> listeners.remove(slot);
  }

  /**
   * Hands an event that has no session (and so no outbox row) to the current listeners once, on the
   * delivery pool; a listener that throws is logged, not retried.
   */
  void publishDirect(Event event) {
    for (ListenerSlot slot : listeners) {
      try {
        deliveries.execute(() -> {
          try {
            slot.listener.onEvent(event);
          } catch (Exception e) {
            LOG.warn("listener {} failed on {} ({})", slot.listener, event.id(), event.type(), e);
          }
        });
      } catch (RejectedExecutionException stopping) {
        return;
      }
    }
  }

  private void run() {
    while (running) {
      woken.set(false);
      if (listeners.isEmpty()) {
        quietRound();
        continue;
      }
      int claimed = 0;
      int capacity = Math.min(BATCH, maxInFlight - inFlight.get());
      if (capacity > 0) {
        try {
          Instant now = wallClock.instant();
          List<OutboxEntry> batch =
              store.claimOutbox(new OutboxClaim(owner, now, now.plus(LEASE), capacity));
          for (OutboxEntry entry : batch) {
            inFlight.incrementAndGet();
            deliveries.execute(() -> deliver(entry));
          }
          claimed = batch.size();
        } catch (RejectedExecutionException stopping) {
          return;
        } catch (RuntimeException e) {
          LOG.warn("could not claim outbox events; retrying after the poll interval", e);
        }
      }
      if (claimed == 0 && running) {
        parked = true;
        if (!woken.get()) {
          LockSupport.parkNanos(this, pollNanos);
        }
        parked = false;
      } else if (claimed < capacity && running) {
        // A partial batch: let a few more commits land so that the next claim, lease and
        // acknowledgement serve several events at once (on a SQL store each is a statement).
        LockSupport.parkNanos(this, BATCH_WINDOW_NANOS);
      }
    }
  }

  /**
   * Nobody to tell: marks due events delivered in the store, without reading or leasing them, in
   * batches of {@link #QUIET_BATCH}, then sleeps a poll interval (commits do not wake it; a new
   * subscription does).
   */
  private void quietRound() {
    int marked = 0;
    try {
      Instant now = wallClock.instant();
      marked = store.acknowledgeClaimable(new OutboxClaim(owner, now, now.plus(LEASE),
          QUIET_BATCH));
    } catch (RuntimeException e) {
      LOG.warn("could not mark outbox events delivered; retrying after the poll interval", e);
    }
    if (marked < QUIET_BATCH && running && listeners.isEmpty()) {
      LockSupport.parkNanos(this, pollNanos);
    }
  }

  private void deliver(OutboxEntry entry) {
    String eventId = entry.event().id();
    try {
      Set<ListenerSlot> done = alreadyDelivered(eventId);
      boolean allDelivered = true;
      for (ListenerSlot slot : listeners) {
        if (done != null && done.contains(slot)) {
          continue;
        }
        try {
          slot.listener.onEvent(entry.event());
          if (done == null) {
            done = rememberDelivered(eventId);
          }
          done.add(slot);
        } catch (VirtualMachineError fatal) {
          throw fatal;
        } catch (Throwable failure) {
          allDelivered = false;
          LOG.warn("listener {} failed on event {} ({}, attempt {}); will retry", slot.listener,
              eventId, entry.event().type(), entry.attempts() + 1, failure);
        }
      }
      if (allDelivered) {
        store.acknowledge(eventId);
        synchronized (delivered) {
          delivered.remove(eventId);
        }
      } else {
        store.reschedule(eventId, wallClock.instant().plus(backoff(entry.attempts())));
      }
    } catch (RuntimeException storeFailure) {
      // The lease lapses and the event is claimed again: at least once, never lost.
      LOG.warn("could not record the delivery of event {}; it will be redelivered", eventId,
          storeFailure);
    } finally {
      inFlight.decrementAndGet();
      wake();
    }
  }

  /**
   * How long a remembered delivery outlives the last time this engine touched its event: twice the
   * longest wait before this engine would claim the event again (its backoff, or a lapsed lease).
   */
  static Duration forgetAfter(Duration maxBackoff) {
    return maxBackoff.plus(LEASE).multipliedBy(2);
  }

  /** The listeners that already have {@code eventId}, or null; forgets stale entries first. */
  private @Nullable Set<ListenerSlot> alreadyDelivered(String eventId) {
    long now = nanoTime.getAsLong();
    synchronized (delivered) {
      forgetStale(now);
      DeliveredTo h = delivered.get(eventId); // access order: moves it to the young end
      if (h == null) {
        return null;
      }
      h.touchedAt = now;
      return h.slots;
    }
  }

  private Set<ListenerSlot> rememberDelivered(String eventId) {
    long now = nanoTime.getAsLong();
    synchronized (delivered) {
      DeliveredTo h = delivered.computeIfAbsent(eventId, k -> new DeliveredTo());
      h.touchedAt = now;
      return h.slots;
    }
  }

  /** Drops entries untouched for {@link #forgetAfter}; the oldest come first, so it stops at a young one. */
  private void forgetStale(long now) {
    Iterator<DeliveredTo> oldestFirst = delivered.values().iterator();
    while (oldestFirst.hasNext() && now - oldestFirst.next().touchedAt >= forgetAfterNanos) {
      oldestFirst.remove();
    }
  }

  /** How many events have listeners remembered (for tests). */
  int rememberedEvents() {
    synchronized (delivered) {
      return delivered.size();
    }
  }

  /** Exponential backoff with "equal jitter": a delay in [d/2, d], d = min(max, initial * 2^n). */
  Duration backoff(int previousAttempts) {
    long initial = initialBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    long d = previousAttempts >= 30 ? cap : Math.min(cap, initial << previousAttempts);
    if (d <= 1) {
      return Duration.ofMillis(Math.max(d, 0));
    }
    return Duration.ofMillis(d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1));
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(loop);
    deliveries.shutdown();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(5));
      if (!deliveries.awaitTermination(5, TimeUnit.SECONDS)) {
        deliveries.shutdownNow();
      }
    } catch (InterruptedException e) {
      deliveries.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The listeners that have one event, and when this engine last touched it (nanoTime). */
  private static final class DeliveredTo {
    final Set<ListenerSlot> slots = ConcurrentHashMap.newKeySet();
    long touchedAt;
  }

  /** One subscription; identity matters, so one listener subscribed twice gets events twice. */
  private static final class ListenerSlot {
    final EventListener listener;

    ListenerSlot(EventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
    }
  }

  @Override
  public String toString() {
    return "OutboxDispatcher[owner=" + owner + ", listeners=" + listeners.size() + ", inFlight="
        + inFlight.get() + "]";
  }
}
