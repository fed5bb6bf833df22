package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.spi.SessionFacet;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires sessions nobody reads, in batches, reconciles payment attempts whose provider callback
 * never came, and purges idempotency keys past their retention.
 *
 * <p>Readers already see expiry exactly (see {@link SessionTransitions#current}); the sweeper makes
 * sure the {@code expired} event of a session nobody looks at is still written soon after its
 * {@code expiresAt}. Each round asks the store only for sessions that are due, so its cost follows
 * the number due, not the number stored. Several engines may sweep one store: the compare-and-set of
 * each transition lets exactly one of them expire a session.
 */
final class ExpirySweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
  static final int BATCH = 500;
  private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

  private final SessionTransitions transitions;
  private final SessionFacet store;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final IntSupplier reconciler;
  private final long reconcileEveryNanos;
  private volatile long nextPurgeNanos = System.nanoTime();
  private volatile long nextReconcileNanos = System.nanoTime();

  ExpirySweeper(SessionTransitions transitions, SessionFacet store, Clock clock, String owner,
      IntSupplier reconciler, Duration reconcileEvery) {
    this.transitions = transitions;
    this.store = store;
    this.clock = clock;
    this.reconciler = reconciler;
    this.reconcileEveryNanos = reconcileEvery.toNanos();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "plugipay-sweeper-" + owner);
      t.setDaemon(true);
      return t;
    });
  }

  void start(Duration interval) {
    long ms = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::round, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Expires every due session, batch by batch; returns how many this call expired. */
  int sweep() {
    int total = 0;
    while (true) {
      int n = transitions.expireDue(BATCH);
      total += n;
      if (n < BATCH) {
        return total;
      }
    }
  }

  /** Deletes idempotency records past their retention; returns how many. */
  int purgeKeys() {
    int total = 0;
    while (true) {
      int n = store.purgeIdempotencyKeys(clock.instant(), BATCH);
      total += n;
      if (n < BATCH) {
        return total;
      }
    }
  }

  private void round() {
    try {
      int expired = sweep();
      if (expired > 0) {
        LOG.debug("expired {} sessions", expired);
      }
      if (System.nanoTime() - nextReconcileNanos >= 0) {
        nextReconcileNanos = System.nanoTime() + reconcileEveryNanos;
        int reconciled = reconciler.getAsInt();
        if (reconciled > 0) {
          LOG.info("reconciliation moved {} sessions whose provider callback never came", reconciled);
        }
      }
      if (System.nanoTime() - nextPurgeNanos >= 0) {
        nextPurgeNanos = System.nanoTime() + PURGE_EVERY.toNanos();
        int purged = purgeKeys();
        if (purged > 0) {
          LOG.debug("purged {} idempotency keys", purged);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("expiry sweep failed; the next round retries", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
