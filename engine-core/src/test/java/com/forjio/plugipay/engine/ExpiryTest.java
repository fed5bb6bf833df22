package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpiryTest {
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  private final InMemorySessionStore store = new InMemorySessionStore();

  private PlugipayEngine engine(Duration sweepInterval) {
    return PlugipayEngine.builder().store(store).clock(clock).expirySweepInterval(sweepInterval).build();
  }

  private static CheckoutSessionCreateParams lasting(int seconds, String n) {
    return CreateValidationTest.valid().expiresInSec(seconds).metadata(Map.of("n", n)).build();
  }

  @Test
  void aReadAtExpiresAtSeesExpiredAndWritesOneEvent() {
    try (PlugipayEngine engine = engine(Duration.ZERO)) {
      CheckoutSession s = engine.checkoutSessions().create(lasting(120, "a"));
      clock.advance(Duration.ofSeconds(120).minusNanos(1000));
      assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
      clock.advance(Duration.ofNanos(1000));
      CheckoutSession expired = engine.checkoutSessions().get(s.id());
      assertThat(expired.status()).isEqualTo(CheckoutSessionStatus.EXPIRED);
      assertThat(expired.updatedAt()).isEqualTo(clock.instant());
      engine.checkoutSessions().get(s.id());
      assertThat(store.events(s.accountId(), s.id())).extracting(CheckoutSessionEvent::type)
          .containsExactly(CheckoutSessionEvent.TYPE_CREATED, CheckoutSessionEvent.TYPE_EXPIRED);
    }
  }

  @Test
  void aReadWithinTheLastMicrosecondBeforeExpiresAtStillSeesOpen() {
    try (PlugipayEngine engine = engine(Duration.ZERO)) {
      CheckoutSession s = engine.checkoutSessions().create(lasting(120, "a"));
      // the engine's time is the clock's truncated to microseconds: 1 ns short of expiresAt is
      // still the microsecond before it, for the read (no instant minted) and for confirm alike
      clock.advance(Duration.ofSeconds(120).minusNanos(1));
      assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
      assertThat(engine.checkoutSessions().list(CheckoutSessionListParams.builder().build()).data())
          .extracting(CheckoutSession::status).containsExactly(CheckoutSessionStatus.OPEN);
      clock.advance(Duration.ofNanos(1));
      CheckoutSession expired = engine.checkoutSessions().get(s.id());
      assertThat(expired.status()).isEqualTo(CheckoutSessionStatus.EXPIRED);
      assertThat(expired.updatedAt()).isEqualTo(s.expiresAt());
    }
  }

  @Test
  void aBlankIdIsInvalidAndAnUnknownOneNotFound() {
    try (PlugipayEngine engine = engine(Duration.ZERO)) {
      for (String blank : new String[] {null, "", "  ", "\t"}) {
        assertThatThrownBy(() -> engine.checkoutSessions().get(blank))
            .isInstanceOfSatisfying(PlugipayException.class, e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
              assertThat(e.param()).isEqualTo("id");
            });
      }
      assertThatThrownBy(() -> engine.checkoutSessions().confirm(" "))
          .isInstanceOfSatisfying(PlugipayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
      assertThatThrownBy(() -> engine.checkoutSessions().get("cs_unknown"))
          .isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.param()).isEqualTo("id");
          });
    }
  }

  @Test
  void theSweeperExpiresEveryDueSessionInBatchesAndLeavesTheRest() {
    try (PlugipayEngine engine = engine(Duration.ZERO)) {
      List<CheckoutSession> due = new ArrayList<>();
      for (int i = 0; i < 1_200; i++) {
        due.add(engine.checkoutSessions().create(lasting(60, "due" + i)));
      }
      CheckoutSession later = engine.checkoutSessions().create(lasting(3_600, "later"));
      clock.advance(Duration.ofSeconds(61));
      assertThat(engine.sweepExpired()).isEqualTo(1_200);
      assertThat(engine.sweepExpired()).isZero();
      assertThat(store.findDueForExpiry(clock.instant(), 10)).isEmpty();
      for (CheckoutSession s : List.of(due.get(0), due.get(599), due.get(1_199))) {
        assertThat(store.find(s.accountId(), s.id()).orElseThrow().session().status())
            .isEqualTo(CheckoutSessionStatus.EXPIRED);
        assertThat(store.events(s.accountId(), s.id())).hasSize(2);
      }
      assertThat(store.find(later.accountId(), later.id()).orElseThrow().session().status())
          .isEqualTo(CheckoutSessionStatus.OPEN);
    }
  }

  @Test
  void theBackgroundSweeperExpiresASessionNobodyReads() throws InterruptedException {
    try (PlugipayEngine engine = engine(Duration.ofMillis(20))) {
      CheckoutSession s = engine.checkoutSessions().create(lasting(60, "unread"));
      clock.advance(Duration.ofMinutes(2));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (store.find(s.accountId(), s.id()).orElseThrow().session().status()
          == CheckoutSessionStatus.OPEN && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(store.find(s.accountId(), s.id()).orElseThrow().session().status())
          .isEqualTo(CheckoutSessionStatus.EXPIRED);
      assertThat(store.events(s.accountId(), s.id())).hasSize(2);
    }
  }
}
