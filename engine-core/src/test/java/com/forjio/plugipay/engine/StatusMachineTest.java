package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.StatusTable.Trigger;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatusMachineTest {
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  private final PlugipayEngine engine = PlugipayEngine.builder().clock(clock)
      .expirySweepInterval(Duration.ZERO).build();
  private final CheckoutSessions cs = engine.checkoutSessions();

  @AfterEach
  void close() {
    engine.close();
  }

  private CheckoutSession open() {
    return cs.create(CreateValidationTest.valid().build(), RequestOptions.idempotencyKey(
        "k" + System.nanoTime()));
  }

  private CheckoutSession terminal(CheckoutSessionStatus status) {
    CheckoutSession s = open();
    return switch (status) {
      case COMPLETED -> cs.confirm(s.id());
      case CANCELED -> cs.cancel(s.id());
      case EXPIRED -> {
        clock.advance(Duration.ofHours(1));
        yield cs.get(s.id());
      }
      default -> throw new IllegalArgumentException(status.name());
    };
  }

  @Test
  void cancelMovesAnOpenSessionToCanceled() {
    CheckoutSession s = open();
    clock.advance(Duration.ofSeconds(5));
    CheckoutSession canceled = cs.cancel(s.id());
    assertThat(canceled.status()).isEqualTo(CheckoutSessionStatus.CANCELED);
    assertThat(canceled.updatedAt()).isEqualTo(clock.instant());
    assertThat(canceled.completedAt()).isNull();
    assertThat(canceled.adapter()).isNull();
    assertThat(cs.get(s.id())).isEqualTo(canceled);
  }

  @Test
  void confirmCompletesAManualSessionWithTimeAndAdapter() {
    CheckoutSession s = open();
    assertThat(s.adapter()).isNull();
    clock.advance(Duration.ofMinutes(3));
    CheckoutSession paid = cs.confirm(s.id());
    assertThat(paid.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(paid.completedAt()).isEqualTo(clock.instant());
    assertThat(paid.adapter()).isEqualTo("manual");
    assertThat(cs.get(s.id())).isEqualTo(paid);
  }

  @ParameterizedTest
  @EnumSource(value = CheckoutSessionStatus.class, names = {"COMPLETED", "CANCELED", "EXPIRED"})
  void aTerminalSessionRefusesCancelAndConfirm(CheckoutSessionStatus status) {
    CheckoutSession s = terminal(status);
    assertThat(s.status()).isEqualTo(status);
    for (Runnable op : new Runnable[] {() -> cs.cancel(s.id()), () -> cs.confirm(s.id())}) {
      assertThatThrownBy(op::run).isInstanceOfSatisfying(PlugipayException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT);
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage()).contains(status.wireName());
      });
    }
    assertThat(cs.get(s.id()).status()).isEqualTo(status);
  }

  @Test
  void confirmAfterExpiryIsRejected() {
    CheckoutSession s = open();
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> cs.confirm(s.id())).isInstanceOfSatisfying(PlugipayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT);
      assertThat(e.getMessage()).contains("expired").contains(s.id());
    });
  }

  @Test
  void confirmOnASessionAProviderServesIsForbidden() {
    PaymentAdapter provider = new PaymentAdapter() {
      @Override
      public String name() {
        return "qrisco";
      }

      @Override
      public Set<CheckoutMethod> methods() {
        return EnumSet.of(CheckoutMethod.QRIS);
      }
    };
    try (PlugipayEngine withProvider = PlugipayEngine.builder().adapter(provider)
        .route(CheckoutMethod.VA, "manual").expirySweepInterval(Duration.ZERO).build()) {
      CheckoutSession qris = withProvider.checkoutSessions().create(
          CreateValidationTest.valid().methods(CheckoutMethod.QRIS).build());
      assertThatThrownBy(() -> withProvider.checkoutSessions().confirm(qris.id()))
          .isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.status()).isEqualTo(403);
          });
      CheckoutSession mixed = withProvider.checkoutSessions().create(
          CreateValidationTest.valid().methods(CheckoutMethod.VA, CheckoutMethod.QRIS).build());
      assertThatThrownBy(() -> withProvider.checkoutSessions().confirm(mixed.id()))
          .isInstanceOfSatisfying(PlugipayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
      CheckoutSession manual = withProvider.checkoutSessions().create(
          CreateValidationTest.valid().methods(CheckoutMethod.VA).build());
      assertThat(withProvider.checkoutSessions().confirm(manual.id()).status())
          .isEqualTo(CheckoutSessionStatus.COMPLETED);
    }
  }

  @Test
  void unknownAndMissingIdsAreNotFoundAndValidationErrors() {
    assertThatThrownBy(() -> cs.get("cs_01ARZ3NDEKTSV4RRFFQ69G5FAV"))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
          assertThat(e.status()).isEqualTo(404);
        });
    assertThatThrownBy(() -> cs.cancel("nope")).isInstanceOfSatisfying(PlugipayException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    for (String bad : new String[] {null, "", " "}) {
      assertThatThrownBy(() -> cs.confirm(bad)).isInstanceOfSatisfying(PlugipayException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(e.param()).isEqualTo("id");
      });
    }
  }

  @Test
  void terminalStatusesHaveNoWayOut() {
    for (CheckoutSessionStatus s : CheckoutSessionStatus.values()) {
      for (Trigger t : Trigger.values()) {
        if (s.isTerminal()) {
          assertThat(StatusTable.next(s, t)).as("%s on %s", t, s).isNull();
        }
      }
    }
  }

  @Test
  void everyLiveStatusCanReachATerminalOne() {
    for (CheckoutSessionStatus start : CheckoutSessionStatus.values()) {
      if (start.isTerminal()) {
        continue;
      }
      Set<CheckoutSessionStatus> seen = EnumSet.of(start);
      ArrayDeque<CheckoutSessionStatus> todo = new ArrayDeque<>(Set.of(start));
      while (!todo.isEmpty()) {
        CheckoutSessionStatus s = todo.poll();
        for (StatusTable.Transition t : StatusTable.transitions()) {
          if (t.from() == s && seen.add(t.to())) {
            todo.add(t.to());
          }
        }
      }
      assertThat(seen).as("reachable from %s", start).contains(CheckoutSessionStatus.COMPLETED,
          CheckoutSessionStatus.CANCELED);
    }
  }

  @Test
  void theTableIsTheArchitecturesMachine() {
    assertThat(StatusTable.next(CheckoutSessionStatus.OPEN, Trigger.CANCEL)).isEqualTo(CheckoutSessionStatus.CANCELED);
    assertThat(StatusTable.next(CheckoutSessionStatus.OPEN, Trigger.EXPIRE)).isEqualTo(CheckoutSessionStatus.EXPIRED);
    assertThat(StatusTable.next(CheckoutSessionStatus.OPEN, Trigger.CONFIRM)).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(StatusTable.next(CheckoutSessionStatus.OPEN, Trigger.START_PAYMENT)).isEqualTo(CheckoutSessionStatus.PENDING);
    assertThat(StatusTable.next(CheckoutSessionStatus.PENDING, Trigger.PROVIDER_PAID)).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(StatusTable.next(CheckoutSessionStatus.PENDING, Trigger.PROVIDER_REVIEW)).isEqualTo(CheckoutSessionStatus.PENDING_REVIEW);
    assertThat(StatusTable.next(CheckoutSessionStatus.PENDING, Trigger.PROVIDER_FAILED)).isEqualTo(CheckoutSessionStatus.OPEN);
    assertThat(StatusTable.next(CheckoutSessionStatus.PENDING_REVIEW, Trigger.CONFIRM)).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(StatusTable.next(CheckoutSessionStatus.PENDING_REVIEW, Trigger.CANCEL)).isEqualTo(CheckoutSessionStatus.CANCELED);
    assertThat(StatusTable.next(CheckoutSessionStatus.PENDING_REVIEW, Trigger.EXPIRE)).isNull();
    assertThat(StatusTable.next(CheckoutSessionStatus.OPEN, Trigger.PROVIDER_FAILED)).isNull();
  }
}
