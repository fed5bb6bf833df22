package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.EventListener;
import com.forjio.plugipay.engine.event.EventSubscriptions;
import com.forjio.plugipay.engine.spi.OutboxClaim;
import com.forjio.plugipay.engine.spi.OutboxEntry;
import com.forjio.plugipay.engine.spi.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox events to in-process listeners: at least once, in order per session, without
 * letting one failing session hold up the others.
 *
 * <h2>How</h2>
 * One loop thread leases events from the store ({@link SessionStore#claimOutbox}); the store hands
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

  private final SessionStore store;
  private final Clock wallClock = Clock.systemUTC();
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final long pollNanos;
  private final String owner;
  private final int maxInFlight;
  private final CopyOnWriteArrayList<ListenerSlot> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, Set<ListenerSlot>> delivered = new ConcurrentHashMap<>();
  private final ExecutorService deliveries;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean woken = new AtomicBoolean();
  private final Thread loop;
  private volatile boolean running = true;
  /** True while the loop sleeps; wake() pays for an unpark only then. */
  private volatile boolean parked;

  OutboxDispatcher(SessionStore store, String owner, List<EventListener> initialListeners,
      Duration initialBackoff, Duration maxBackoff, Duration pollInterval, int threads) {
    this.store = store;
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
      Set<ListenerSlot> done = delivered.get(eventId);
      boolean allDelivered = true;
      for (ListenerSlot slot : listeners) {
        if (done != null && done.contains(slot)) {
          continue;
        }
        try {
          slot.listener.onEvent(entry.event());
          if (done == null) {
            done = delivered.computeIfAbsent(eventId, k -> ConcurrentHashMap.newKeySet());
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
        delivered.remove(eventId);
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
