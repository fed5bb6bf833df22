package com.forjio.plugipay.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessions;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.forjio.plugipay.engine.reliability.support.Figures;
import com.forjio.plugipay.engine.reliability.support.Invariants;
import com.forjio.plugipay.engine.reliability.support.Ledger;
import com.forjio.plugipay.engine.reliability.support.OwnServer;
import com.forjio.plugipay.engine.reliability.support.TestDb;
import com.forjio.plugipay.engine.reliability.support.Waits;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Availability and recovery when the database dies: the test starts a MariaDB or PostgreSQL server
 * of its own, runs six threads of creates with explicit keys against an engine on it, kills the
 * server with SIGKILL, and restarts it on the same data directory.
 *
 * <p>It proves: while the database is down every failed call is a {@code PlugipayException} with
 * code {@code store_error} (no raw exception, no other code); no call takes longer than the pool's
 * connection timeout (2 s) plus a small margin, so nothing hangs; a client that retries a failed
 * create with the same idempotency key (the README's advice for an unknown outcome) ends, after
 * recovery, with exactly one session per key, each with its {@code created} event, and every create
 * acknowledged before the kill survived it; the outbox of the same engine drains after recovery
 * (every event in the table delivered to the listener, none pending).
 */
class DatabaseRestartTest {
  private static final long CONNECTION_TIMEOUT_MS = 2_000;
  private static final long MARGIN_MS = 3_000;
  private static final int THREADS = 6;
  private static final String ACCOUNT = "acct_restart";

  @ParameterizedTest
  @ValueSource(strings = {"mariadb", "postgres"})
  void databaseKilledAndRestartedMidLoad(String which) throws Exception {
    Figures f = new Figures("db-restart", "database kill -9 and restart mid-load, " + which);
    List<String> problems = new ArrayList<>();
    ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    AtomicLong storeErrors = new AtomicLong();
    AtomicLong longestNanos = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    Ledger ledger = new Ledger();
    try (OwnServer server = which.equals("mariadb") ? OwnServer.mariadb() : OwnServer.postgres();
        TestDb db = server.createDatabase();
        HikariDataSource ds = db.pool(8, CONNECTION_TIMEOUT_MS);
        JooqSessionStore store = db.store(ds);
        PlugipayEngine engine = PlugipayEngine.builder().store(store)
            .expirySweepInterval(Duration.ZERO).eventPollInterval(Duration.ofMillis(50))
            .eventRetryBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
            .listener(e -> delivered.add(e.id())).build()) {
      CheckoutSessions sessions = engine.forAccount(ACCOUNT).checkoutSessions();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Thread w = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            String key = "restart-" + thread + "-" + i;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) { // the same key until it answers
              long t0 = System.nanoTime();
              try {
                calls.incrementAndGet();
                CheckoutSession s = sessions.create(Ledger.params(key),
                    RequestOptions.idempotencyKey(key));
                longestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                ledger.created(key, s.id());
                break;
              } catch (PlugipayException e) {
                longestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                if (e.code() == ErrorCode.STORE_ERROR) {
                  storeErrors.incrementAndGet();
                } else {
                  unexpected.add(key + ": " + e);
                }
                Waits.pause(50);
              } catch (RuntimeException e) {
                longestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                unexpected.add(key + ": raw " + e);
                Waits.pause(50);
              }
            }
          }
        }, "restart-load-" + t);
        w.start();
        workers.add(w);
      }
      try {
        Waits.until("100 creates before the kill", Duration.ofSeconds(60),
            () -> ledger.creates().size() >= 100, () -> "" + ledger.creates().size());
        long killedAt = System.nanoTime();
        server.kill9();
        int afterKill = ledger.creates().size(); // calls that committed before SIGKILL landed
        Waits.until("store errors while the database is down", Duration.ofSeconds(30),
            () -> storeErrors.get() >= 10 && System.nanoTime() - killedAt > TimeUnit.SECONDS.toNanos(3),
            () -> storeErrors.get() + " store errors");
        int whileDown = ledger.creates().size();
        long restartAt = System.nanoTime();
        server.start();
        f.put("down_ms", (System.nanoTime() - killedAt) / 1_000_000);
        int atRestart = ledger.creates().size();
        Waits.until("the load recovering", Duration.ofSeconds(60),
            () -> ledger.creates().size() > atRestart, () -> "no create after the restart");
        f.put("first_ack_after_restart_ms", (System.nanoTime() - restartAt) / 1_000_000);
        Waits.until("100 creates after the restart", Duration.ofSeconds(60),
            () -> ledger.creates().size() >= atRestart + 100, () -> "" + ledger.creates().size());
        f.put("acked_before_kill", afterKill).put("acked_while_down", whileDown - afterKill);
        if (whileDown != afterKill) {
          problems.add((whileDown - afterKill) + " creates acknowledged while the database was down");
        }
      } finally {
        stop.set(true);
        for (Thread w : workers) {
          w.join(TimeUnit.SECONDS.toMillis(150));
        }
      }
      f.put("threads", THREADS).put("calls", calls.get()).put("acked_creates", ledger.creates().size())
          .put("store_errors", storeErrors.get()).put("other_errors", unexpected.size())
          .put("longest_call_ms", longestNanos.get() / 1_000_000)
          .put("connection_timeout_ms", CONNECTION_TIMEOUT_MS);

      long drainStart = System.nanoTime();
      boolean drained = Waits.within(Duration.ofSeconds(60), () -> {
        List<String> all = Invariants.strings(ds, "SELECT id FROM plugipay_event");
        return delivered.containsAll(all)
            && Invariants.count(ds, "SELECT COUNT(*) FROM plugipay_event WHERE pending") == 0;
      });
      f.put("drain_ms", (System.nanoTime() - drainStart) / 1_000_000);
      Set<String> undelivered = new HashSet<>(Invariants.strings(ds, "SELECT id FROM plugipay_event"));
      undelivered.removeAll(delivered);
      f.put("undelivered", undelivered.size());
      if (!drained) {
        problems.add("outbox did not drain after recovery: " + undelivered.size()
            + " events never delivered");
      }
      Invariants inv = new Invariants().checkLedger(ledger, store, engine, ACCOUNT, f)
          .checkOneSessionPerKey(engine, ACCOUNT, f).checkRows(ds, f);
      problems.addAll(inv.problems());
    } finally {
      f.put("problems", problems.size()).write();
    }
    assertThat(unexpected).as("failures other than store_error").isEmpty();
    assertThat(storeErrors.get()).as("the outage was seen as store_error").isPositive();
    assertThat(f.get("longest_call_ms")).as("longest call (pool connectionTimeout %d ms)",
        CONNECTION_TIMEOUT_MS).isLessThanOrEqualTo(CONNECTION_TIMEOUT_MS + MARGIN_MS);
    assertThat(problems).isEmpty();
  }
}
