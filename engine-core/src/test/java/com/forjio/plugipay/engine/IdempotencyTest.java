package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final PlugipayEngine engine = PlugipayEngine.builder().store(store).clock(clock)
      .expirySweepInterval(Duration.ZERO).idempotencyKeyRetention(Duration.ofHours(24)).build();
  private final CheckoutSessions cs = engine.checkoutSessions();

  @AfterEach
  void close() {
    engine.close();
  }

  private static CheckoutSessionCreateParams order(String id) {
    return CreateValidationTest.valid().metadata(Map.of("order_id", id)).build();
  }

  @Test
  void theSameKeyAndParametersReturnTheSameSessionInItsCurrentState() {
    RequestOptions key = RequestOptions.idempotencyKey("order-1");
    CheckoutSession first = cs.create(order("o_1"), key);
    assertThat(cs.create(order("o_1"), key)).isEqualTo(first);
    cs.confirm(first.id());
    CheckoutSession replay = cs.create(order("o_1"), key);
    assertThat(replay.id()).isEqualTo(first.id());
    assertThat(replay.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void theSameKeyWithOtherParametersIsAnIdempotencyMismatch() {
    RequestOptions key = RequestOptions.idempotencyKey("order-2");
    CheckoutSession first = cs.create(order("o_2"), key);
    assertThatThrownBy(() -> cs.create(order("o_other"), key))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_MISMATCH);
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.code().wireName()).isEqualTo("idempotency_mismatch");
          assertThat(e.param()).isEqualTo("idempotencyKey");
          assertThat(e.getMessage()).contains(first.id());
        });
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void metadataOrderDoesNotChangeTheParameters() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    RequestOptions key = RequestOptions.idempotencyKey("meta");
    CheckoutSession first = cs.create(CreateValidationTest.valid().metadata(ab).build(), key);
    assertThat(cs.create(CreateValidationTest.valid().metadata(ba).build(), key).id()).isEqualTo(first.id());
  }

  @Test
  void aKeyOutlivesItsRetentionThenMintsANewSessionAndIsPurged() {
    RequestOptions key = RequestOptions.idempotencyKey("order-3");
    CheckoutSession first = cs.create(order("o_3"), key);
    clock.advance(Duration.ofHours(23));
    assertThat(cs.create(order("o_3"), key).id()).isEqualTo(first.id());
    clock.advance(Duration.ofHours(1));
    CheckoutSession second = cs.create(order("o_3"), key);
    assertThat(second.id()).isNotEqualTo(first.id());
    clock.advance(Duration.ofHours(25));
    int before = store.idempotencyKeyCount();
    assertThat(before).isPositive();
    assertThat(engine.purgeExpiredIdempotencyKeys()).isEqualTo(before);
    assertThat(store.idempotencyKeyCount()).isZero();
  }

  @Test
  void withoutAKeyTheSameParametersGetTheOpenSession() {
    CheckoutSession first = cs.create(order("o_4"));
    assertThat(cs.create(order("o_4")).id()).isEqualTo(first.id());
    assertThat(cs.create(order("o_5")).id()).isNotEqualTo(first.id());
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void withoutAKeyATerminalSessionIsReMinted() {
    CheckoutSession canceled = cs.cancel(cs.create(order("o_6")).id());
    CheckoutSession second = cs.create(order("o_6"));
    assertThat(second.id()).isNotEqualTo(canceled.id());
    cs.confirm(second.id());
    CheckoutSession third = cs.create(order("o_6"));
    assertThat(third.id()).isNotIn(canceled.id(), second.id());
    clock.advance(Duration.ofHours(1)); // third expires
    CheckoutSession fourth = cs.create(order("o_6"));
    assertThat(fourth.id()).isNotEqualTo(third.id());
    assertThat(cs.get(third.id()).status()).isEqualTo(CheckoutSessionStatus.EXPIRED);
  }

  @Test
  void thirtyTwoThreadsWithOneKeyGetOneSessionAndNoError() throws Exception {
    raceAndExpectOneSession(i -> RequestOptions.idempotencyKey("racing-key-" + i));
  }

  @Test
  void thirtyTwoThreadsWithoutAKeyGetOneSessionAndNoError() throws Exception {
    raceAndExpectOneSession(i -> RequestOptions.none());
  }

  private void raceAndExpectOneSession(java.util.function.IntFunction<RequestOptions> options)
      throws Exception {
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 10; round++) {
        CheckoutSessionCreateParams params = order("race-" + round);
        RequestOptions opts = options.apply(round);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<CheckoutSession>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return cs.create(params, opts);
          }));
        }
        Set<String> ids = new HashSet<>();
        for (Future<CheckoutSession> f : results) {
          ids.add(f.get(30, TimeUnit.SECONDS).id()); // an exception here fails the test
        }
        assertThat(ids).hasSize(1);
      }
      assertThat(store.size()).isEqualTo(10);
    } finally {
      pool.shutdownNow();
    }
  }
}
