package com.forjio.plugipay.engine.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several engines over one database behave as one; counts are checked in SQL afterwards. */
class MultiEngineTest {
  private static final int ENGINES = 3;

  private static CheckoutSessionCreateParams params(String orderId) {
    return CheckoutSessionCreateParams.builder().amount(75_000).currency(Currency.IDR)
        .methods(CheckoutMethod.VA, CheckoutMethod.QRIS).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no").metadata(Map.of("order_id", orderId)).build();
  }

  private static List<PlugipayEngine> engines(Target target, List<Object> listeners) {
    DataSource ds = TestDatabases.dataSource(target);
    List<PlugipayEngine> engines = new ArrayList<>();
    for (int i = 0; i < ENGINES; i++) {
      JooqSessionStore store = JooqSessionStore.builder().dataSource(ds)
          .dialect(TestDatabases.dialect(target)).migrate(false).build();
      PlugipayEngine.Builder b = PlugipayEngine.builder().store(store)
          .expirySweepInterval(Duration.ZERO).eventPollInterval(Duration.ofMillis(20));
      if (i < listeners.size()) {
        b.listener((com.forjio.plugipay.engine.event.EventListener) listeners.get(i));
      }
      engines.add(b.build());
    }
    return engines;
  }

  private static long count(Target target, String sql, Object... binds) throws SQLException {
    try (Connection c = TestDatabases.dataSource(target).getConnection()) {
      return ((Number) DSL.using(c).fetchValue(sql, binds)).longValue();
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void concurrentCreatesWithOneKeyOnSeveralEnginesMakeOneSessionForEveryone(Target target)
      throws Exception {
    TestDatabases.truncate(TestDatabases.dataSource(target));
    List<PlugipayEngine> engines = engines(target, List.of());
    int threads = 24;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 5; round++) {
        String key = "order-" + round;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<String>> ids = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          PlugipayEngine engine = engines.get(t % ENGINES);
          ids.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return engine.checkoutSessions()
                .create(params("o_" + key), RequestOptions.idempotencyKey(key)).id();
          }));
        }
        Set<String> distinct = new HashSet<>();
        for (Future<String> id : ids) {
          distinct.add(id.get(60, TimeUnit.SECONDS));
        }
        assertThat(distinct).as("round %d", round).hasSize(1);
        String id = distinct.iterator().next();
        assertThat(count(target, "SELECT COUNT(*) FROM plugipay_idempotency_key WHERE idem_key = ?", key))
            .isEqualTo(1);
        assertThat(count(target, "SELECT COUNT(*) FROM plugipay_event WHERE session_id = ?", id))
            .isEqualTo(1);
      }
      assertThat(count(target, "SELECT COUNT(*) FROM plugipay_checkout_session")).isEqualTo(5);
    } finally {
      pool.shutdownNow();
      engines.forEach(PlugipayEngine::close);
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void confirmOnOneEngineRacingCancelOnAnotherEndsInOneTerminalStateWithOneEvent(Target target)
      throws Exception {
    TestDatabases.truncate(TestDatabases.dataSource(target));
    List<PlugipayEngine> engines = engines(target, List.of());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 40; round++) {
        CheckoutSession s = engines.get(0).checkoutSessions().create(params("race-" + round));
        CyclicBarrier start = new CyclicBarrier(2);
        Future<String> confirm = pool.submit(() -> outcome(start,
            () -> engines.get(1).checkoutSessions().confirm(s.id())));
        Future<String> cancel = pool.submit(() -> outcome(start,
            () -> engines.get(2).checkoutSessions().cancel(s.id())));
        List<String> outcomes = List.of(confirm.get(30, TimeUnit.SECONDS),
            cancel.get(30, TimeUnit.SECONDS));
        assertThat(outcomes).as("one wins, one is told state_conflict")
            .containsExactlyInAnyOrder("won", "state_conflict");
        assertThat(count(target, "SELECT COUNT(*) FROM plugipay_event WHERE session_id = ? AND type <> ?",
            s.id(), "plugipay.checkout_session.created.v1")).isEqualTo(1);
        assertThat(count(target, "SELECT version FROM plugipay_checkout_session WHERE id = ?", s.id()))
            .isEqualTo(2);
      }
    } finally {
      pool.shutdownNow();
      engines.forEach(PlugipayEngine::close);
    }
  }

  private static String outcome(CyclicBarrier start, Runnable op) throws Exception {
    start.await(10, TimeUnit.SECONDS);
    try {
      op.run();
      return "won";
    } catch (PlugipayException e) {
      return e.code() == ErrorCode.STATE_CONFLICT ? "state_conflict" : e.code().wireName();
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void eachEventIsDeliveredByOneEngineOfTheGroup(Target target) throws Exception {
    TestDatabases.truncate(TestDatabases.dataSource(target));
    Map<String, Set<Integer>> receivers = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> deliveries = new ConcurrentLinkedQueue<>();
    List<Object> listeners = new ArrayList<>();
    for (int i = 0; i < ENGINES; i++) {
      int engineNo = i;
      listeners.add((com.forjio.plugipay.engine.event.EventListener) (Event e) -> {
        deliveries.add(e.id());
        receivers.computeIfAbsent(e.id(), k -> ConcurrentHashMap.newKeySet()).add(engineNo);
      });
    }
    List<PlugipayEngine> engines = engines(target, listeners);
    try {
      int sessions = 60;
      for (int i = 0; i < sessions; i++) {
        CheckoutSession s = engines.get(i % ENGINES).checkoutSessions().create(params("g-" + i));
        if (i % 2 == 0) {
          engines.get((i + 1) % ENGINES).checkoutSessions().confirm(s.id());
        }
      }
      long events = count(target, "SELECT COUNT(*) FROM plugipay_event");
      assertThat(events).isEqualTo(sessions + sessions / 2);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (receivers.size() < events && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(receivers).hasSize((int) events);
      assertThat(receivers.values()).allSatisfy(engineSet -> assertThat(engineSet).hasSize(1));
      assertThat(deliveries).hasSize((int) events).doesNotHaveDuplicates();
      assertThat(receivers.values().stream().flatMap(Set::stream).distinct().count())
          .as("the work is shared by the group").isGreaterThan(1);
      // the last acknowledgements may land just after the last listener call
      while (count(target, "SELECT COUNT(*) FROM plugipay_event WHERE pending = ?", true) > 0
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(count(target, "SELECT COUNT(*) FROM plugipay_event WHERE pending = ?", true))
          .isZero();
    } finally {
      engines.forEach(PlugipayEngine::close);
    }
  }
}
