package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancel, confirm and expiry (a reader's and the sweeper's) racing on one session end in exactly
 * one terminal state with exactly one terminal event; every loser is told {@code state_conflict}.
 */
class TerminalRaceTest {
  private static final int ROUNDS = 300;
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  private SessionStore store;
  private PlugipayEngine engine;
  private ExecutorService pool;

  @BeforeEach
  void start() {
    store = new InMemorySessionStore();
    engine = PlugipayEngine.builder().store(store).clock(clock).expirySweepInterval(Duration.ZERO)
        .build();
    pool = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    engine.close();
  }

  private static final CheckoutSessionCreateParams PARAMS = CheckoutSessionCreateParams.builder()
      .amount(5_000).currency(Currency.IDR).methods(CheckoutMethod.VA).expiresInSec(60)
      .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no").build();

  @Test
  void cancelConfirmAndExpiryRacingEndInOneTerminalStateWithOneEvent() throws Exception {
    int[] wins = new int[3];
    for (int round = 0; round < ROUNDS; round++) {
      CheckoutSession s = engine.checkoutSessions()
          .create(PARAMS, RequestOptions.idempotencyKey("race-" + round));
      boolean expiryInPlay = round % 3 == 0;
      if (expiryInPlay) {
        clock.advance(Duration.ofSeconds(60)); // due exactly now: readers and the sweeper expire it
      }
      CyclicBarrier start = new CyclicBarrier(4);
      List<Future<String>> outcomes = new ArrayList<>();
      outcomes.add(pool.submit(race(start, () -> engine.checkoutSessions().cancel(s.id()))));
      outcomes.add(pool.submit(race(start, () -> engine.checkoutSessions().confirm(s.id()))));
      outcomes.add(pool.submit(race(start, () -> engine.checkoutSessions().get(s.id()))));
      outcomes.add(pool.submit(race(start, () -> {
        engine.sweepExpired();
        return engine.checkoutSessions().get(s.id());
      })));
      List<String> results = new ArrayList<>();
      for (Future<String> f : outcomes) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      CheckoutSession end = engine.checkoutSessions().get(s.id());
      assertThat(end.status().isTerminal()).isTrue();
      List<CheckoutSessionEvent> history = store.events(s.accountId(), s.id());
      assertThat(history).hasSize(2);
      assertThat(history.get(1).session().status()).isEqualTo(end.status());
      // the writers: exactly one of cancel/confirm won unless expiry came first, then neither did
      long writerWins = results.subList(0, 2).stream().filter("ok"::equals).count();
      if (end.status() == CheckoutSessionStatus.EXPIRED) {
        assertThat(expiryInPlay).isTrue();
        assertThat(writerWins).isZero();
        wins[2]++;
      } else {
        assertThat(writerWins).isEqualTo(1);
        wins[end.status() == CheckoutSessionStatus.CANCELED ? 0 : 1]++;
      }
      assertThat(results).allMatch(r -> r.equals("ok") || r.equals("state_conflict"));
      if (expiryInPlay) {
        clock.advance(Duration.ofSeconds(1));
      }
    }
    assertThat(wins[0] + wins[1] + wins[2]).isEqualTo(ROUNDS);
  }

  private static Callable<String> race(CyclicBarrier start, Callable<CheckoutSession> op) {
    return () -> {
      start.await(10, TimeUnit.SECONDS);
      try {
        op.call();
        return "ok";
      } catch (PlugipayException e) {
        return e.code().wireName();
      }
    };
  }
}
