package com.forjio.plugipay.engine.reliability.support;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.spi.SessionStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Recovery of the outbox: a new engine with a listener on the store a fault left behind must deliver
 * every event still pending. Records {@code pending_before}, {@code undelivered} and
 * {@code drain_ms}.
 */
public final class Drain {
  private Drain() {}

  /**
   * Builds an engine with a listener on {@code store}, waits (up to {@code timeout}) until every
   * event pending in {@code ds} now was delivered to it and none is pending, and closes it.
   *
   * @return a problem description, or null when the outbox drained
   */
  public static String drain(SessionStore store, DataSource ds, Figures f, Duration timeout) {
    List<String> pending = Invariants.strings(ds, "SELECT id FROM plugipay_event WHERE pending");
    f.put("pending_before", pending.size());
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    long start = System.nanoTime();
    PlugipayEngine engine = null;
    try {
      engine = PlugipayEngine.builder().store(store)
          .expirySweepInterval(Duration.ZERO).eventPollInterval(Duration.ofMillis(20))
          .eventThreads(4).listener(e -> delivered.add(e.id())).build();
      boolean ok = Waits.within(timeout, () -> delivered.containsAll(pending)
          && Invariants.count(ds, "SELECT COUNT(*) FROM plugipay_event WHERE pending") == 0);
      f.put("drain_ms", (System.nanoTime() - start) / 1_000_000);
      Set<String> missing = new HashSet<>(pending);
      missing.removeAll(delivered);
      f.put("undelivered", missing.size());
      if (!ok) {
        return "outbox did not drain within " + timeout + ": " + missing.size() + " of "
            + pending.size() + " pending events undelivered (e.g. "
            + missing.stream().limit(3).toList() + "), "
            + Invariants.count(ds, "SELECT COUNT(*) FROM plugipay_event WHERE pending")
            + " still pending";
      }
      return null;
    } catch (RuntimeException e) {
      f.put("drain_ms", (System.nanoTime() - start) / 1_000_000);
      return "draining the outbox failed: " + e;
    } finally {
      if (engine != null) {
        engine.close();
      }
    }
  }
}
