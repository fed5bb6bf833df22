package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.ProviderNotifications.Outcome;
import com.forjio.plugipay.engine.ProviderNotifications.Result;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.CancelOutcome;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.PaymentRequest;
import com.forjio.plugipay.engine.spi.PaymentStart;
import com.forjio.plugipay.engine.spi.ProviderNotification;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import com.forjio.plugipay.engine.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The customer's pay flow and provider callbacks on the in-memory store, with a scripted provider. */
class PaymentFlowTest {
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final ScriptedProvider provider = new ScriptedProvider();
  private final PlugipayEngine engine = PlugipayEngine.builder().store(store).clock(clock)
      .adapter(provider).route(CheckoutMethod.VA, "manual").expirySweepInterval(Duration.ZERO).build();

  @AfterEach
  void close() {
    engine.close();
  }

  /** A provider whose answers the test sets; callbacks are "reference:OUTCOME[:amount]" with a token. */
  static final class ScriptedProvider implements PaymentAdapter {
    volatile PaymentStart nextStart;
    volatile ProviderOutcome status = ProviderOutcome.UNKNOWN;
    volatile CancelOutcome cancelOutcome = CancelOutcome.VOIDED;
    final AtomicInteger starts = new AtomicInteger();
    /** The attempts {@link #cancel} was asked to void, in order. */
    final List<String> voided = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Runs once inside the next {@link #cancel}, as if the provider were slow to answer. */
    volatile Runnable duringCancel;

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public Set<CheckoutMethod> methods() {
      return EnumSet.of(CheckoutMethod.QRIS, CheckoutMethod.EWALLET);
    }

    @Override
    public PaymentStart start(PaymentRequest request) {
      starts.incrementAndGet();
      PaymentStart scripted = nextStart;
      return scripted != null ? scripted : new PaymentStart.Started("inv_" + request.attemptId(),
          PaymentAction.Kind.REDIRECT, "https://provider.example/pay/" + request.attemptId(), null);
    }

    @Override
    public CancelOutcome cancel(PaymentAttempt attempt) {
      voided.add(attempt.id());
      Runnable during = duringCancel;
      duringCancel = null;
      if (during != null) {
        during.run();
      }
      return cancelOutcome;
    }

    @Override
    public ProviderOutcome fetchStatus(PaymentAttempt attempt) {
      return status;
    }

    @Override
    public ProviderNotification parseNotification(Map<String, List<String>> headers, byte[] body) {
      if (!List.of("s3cret").equals(headers.get("x-token"))) {
        throw new PlugipayException(ErrorCode.SIGNATURE_INVALID, null, "bad token");
      }
      String[] parts = new String(body, StandardCharsets.UTF_8).split(":");
      if (parts.length < 2) {
        throw new PlugipayException(ErrorCode.INVALID_PAYLOAD, null, "unreadable");
      }
      return new ProviderNotification(parts[0], null, ProviderOutcome.valueOf(parts[1]),
          parts.length > 2 ? Long.valueOf(parts[2]) : null);
    }
  }

  private CheckoutSession create(CheckoutMethod... methods) {
    return engine.checkoutSessions().create(CreateValidationTest.valid().currency(Currency.IDR)
        .methods(methods).metadata(Map.of("n", Long.toString(System.nanoTime()))).build());
  }

  private static String token(CheckoutSession s) {
    return s.hostedUrl().substring(s.hostedUrl().lastIndexOf('/') + 1);
  }

  private Result notify(String providerReference, String outcome) {
    return engine.providerNotifications().handle("scripted", Map.of("x-token", List.of("s3cret")),
        (providerReference + ":" + outcome).getBytes(StandardCharsets.UTF_8));
  }

  private List<String> history(CheckoutSession s) {
    return store.events(s.accountId(), s.id()).stream().map(CheckoutSessionEvent::type).toList();
  }

  private String providerRef(CheckoutSession s) {
    return store.currentAttempt(s.accountId(), s.id()).orElseThrow().providerReference();
  }

  /**
   * While a cancel waits for the provider to void attempt A, A fails and the customer pays again
   * (attempt B): the cancel, having lost its race, voids B as well before it cancels the session,
   * and never A twice.
   */
  @Test
  void aCancelVoidsAnAttemptStartedWhileItWaitedForTheFirstVoid() {
    CheckoutSession s = create(CheckoutMethod.QRIS);
    engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    String first = store.currentAttempt(s.accountId(), s.id()).orElseThrow().id();
    String firstRef = providerRef(s);
    provider.duringCancel = () -> {
      assertThat(notify(firstRef, "FAILED").outcome()).isEqualTo(Outcome.APPLIED);
      engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    };
    assertThat(engine.checkoutSessions().cancel(s.id()).status())
        .isEqualTo(CheckoutSessionStatus.CANCELED);
    String second = store.currentAttempt(s.accountId(), s.id()).orElseThrow().id();
    assertThat(second).isNotEqualTo(first);
    assertThat(provider.voided).containsExactly(first, second);
  }

  @Test
  void payMovesTheSessionToPendingAndAPaidNotificationCompletesIt() {
    CheckoutSession s = create(CheckoutMethod.QRIS);
    HostedPage page = engine.hostedCheckout().open(token(s));
    assertThat(page.status()).isEqualTo(CheckoutSessionStatus.OPEN);
    assertThat(page.methods()).containsExactly(CheckoutMethod.QRIS);
    PaymentAction action = engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    assertThat(action.kind()).isEqualTo(PaymentAction.Kind.REDIRECT);
    assertThat(action.adapter()).isEqualTo("scripted");
    CheckoutSession pending = engine.checkoutSessions().get(s.id());
    assertThat(pending.status()).isEqualTo(CheckoutSessionStatus.PENDING);
    assertThat(pending.adapter()).isEqualTo("scripted");
    assertThat(engine.hostedCheckout().open(token(s)).pendingAction()).isEqualTo(action);
    // a double click starts nothing twice
    assertThat(engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS)).isEqualTo(action);
    assertThat(provider.starts.get()).isEqualTo(1);

    Result r = notify(providerRef(s), "PAID");
    assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
    CheckoutSession paid = engine.checkoutSessions().get(s.id());
    assertThat(paid.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(paid.adapter()).isEqualTo("scripted");
    assertThat(paid.completedAt()).isEqualTo(clock.instant());
    assertThat(history(s)).containsExactly(CheckoutSessionEvent.TYPE_CREATED,
        CheckoutSessionEvent.TYPE_PENDING, CheckoutSessionEvent.TYPE_COMPLETED);
    // replays and stale news change nothing
    assertThat(notify(providerRef(s), "PAID").outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(notify(providerRef(s), "FAILED").outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(history(s)).hasSize(3);
  }

  @Test
  void aFailedAttemptReopensTheSessionAndTheCustomerPaysAgain() {
    CheckoutSession s = create(CheckoutMethod.QRIS, CheckoutMethod.EWALLET);
    engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    String first = providerRef(s);
    assertThat(notify(first, "FAILED").outcome()).isEqualTo(Outcome.APPLIED);
    CheckoutSession reopened = engine.checkoutSessions().get(s.id());
    assertThat(reopened.status()).isEqualTo(CheckoutSessionStatus.OPEN);
    assertThat(reopened.adapter()).isNull();
    engine.hostedCheckout().pay(token(s), CheckoutMethod.EWALLET);
    assertThat(notify(first, "FAILED").outcome()).as("old attempt's news is stale")
        .isEqualTo(Outcome.UNCHANGED);
    notify(providerRef(s), "PAID");
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(history(s)).containsExactly(CheckoutSessionEvent.TYPE_CREATED,
        CheckoutSessionEvent.TYPE_PENDING, CheckoutSessionEvent.TYPE_REOPENED,
        CheckoutSessionEvent.TYPE_PENDING, CheckoutSessionEvent.TYPE_COMPLETED);
  }

  @Test
  void reviewHoldsThePaymentAndConfirmStaysForbiddenForProviderSessions() {
    CheckoutSession s = create(CheckoutMethod.QRIS);
    engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    notify(providerRef(s), "REVIEW");
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING_REVIEW);
    assertThatThrownBy(() -> engine.checkoutSessions().confirm(s.id()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    notify(providerRef(s), "PAID");
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
  }

  @Test
  void anAmountThatDoesNotMatchIsHeldForReview() {
    CheckoutSession s = create(CheckoutMethod.QRIS);
    engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    engine.providerNotifications().handle("scripted", Map.of("x-token", List.of("s3cret")),
        (providerRef(s) + ":PAID:100").getBytes(StandardCharsets.UTF_8));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING_REVIEW);
  }

  @Test
  void aBadSignatureIsRejectedWithoutTouchingState() {
    CheckoutSession s = create(CheckoutMethod.QRIS);
    engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    assertThatThrownBy(() -> engine.providerNotifications().handle("scripted",
        Map.of("x-token", List.of("guess")), (providerRef(s) + ":PAID").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(PlugipayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    assertThatThrownBy(() -> engine.providerNotifications().handle("nobody", Map.of(), new byte[0]))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING);
    assertThat(history(s)).hasSize(2);
  }

  @Test
  void aPaymentAfterCancellationIsALatePaymentRecordedOnce() {
    CheckoutSession s = create(CheckoutMethod.QRIS);
    engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    String ref = providerRef(s);
    assertThat(engine.checkoutSessions().cancel(s.id()).status()).isEqualTo(CheckoutSessionStatus.CANCELED);
    Result late = notify(ref, "PAID");
    assertThat(late.outcome()).isEqualTo(Outcome.LATE_PAYMENT);
    assertThat(late.status()).isEqualTo(CheckoutSessionStatus.CANCELED);
    assertThat(notify(ref, "PAID").outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(history(s)).containsExactly(CheckoutSessionEvent.TYPE_CREATED,
        CheckoutSessionEvent.TYPE_PENDING, CheckoutSessionEvent.TYPE_CANCELED,
        CheckoutSessionEvent.TYPE_LATE_PAYMENT);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.CANCELED);
  }

  @Test
  void aPendingSessionTheProviderCannotVoidIsNotCancelled() {
    CheckoutSession s = create(CheckoutMethod.QRIS);
    engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    provider.cancelOutcome = CancelOutcome.ALREADY_COMMITTED;
    assertThatThrownBy(() -> engine.checkoutSessions().cancel(s.id()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING);
  }

  @Test
  void aNotificationForAnUnknownReferenceIsKept() {
    assertThat(notify("inv_nobody", "PAID").outcome()).isEqualTo(Outcome.UNMATCHED);
    assertThat(store.unmatchedPayments(10)).singleElement()
        .satisfies(u -> {
          assertThat(u.providerReference()).isEqualTo("inv_nobody");
          assertThat(u.outcome()).isEqualTo(ProviderOutcome.PAID);
        });
  }

  @Test
  void reconciliationCompletesASessionWhoseCallbackWasLost() {
    CheckoutSession s = create(CheckoutMethod.QRIS);
    engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    provider.status = ProviderOutcome.PENDING;
    assertThat(engine.reconcile()).isZero();
    provider.status = ProviderOutcome.PAID;
    assertThat(engine.reconcile()).isEqualTo(1);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(engine.reconcile()).isZero();
  }

  @Test
  void anUnknownStartKeepsTheSessionPendingUntilReconciled() {
    provider.nextStart = new PaymentStart.Unknown("timed out after sending");
    CheckoutSession s = create(CheckoutMethod.QRIS);
    PaymentAction action = engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    assertThat(action.kind()).isEqualTo(PaymentAction.Kind.INSTRUCTIONS);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING);
    provider.status = ProviderOutcome.FAILED;
    assertThat(engine.reconcile()).isEqualTo(1);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  @Test
  void aDeclinedStartLeavesTheSessionOpen() {
    provider.nextStart = new PaymentStart.Declined("card blocked");
    CheckoutSession s = create(CheckoutMethod.QRIS);
    assertThatThrownBy(() -> engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  @Test
  void manualBankTransferShowsInstructionsAndTheMerchantConfirms() {
    CheckoutSession s = create(CheckoutMethod.VA);
    PaymentAction action = engine.hostedCheckout().pay(token(s), CheckoutMethod.VA);
    assertThat(action.adapter()).isEqualTo("manual");
    assertThat(action.kind()).isEqualTo(PaymentAction.Kind.INSTRUCTIONS);
    assertThat(action.instructions()).contains("IDR 150000.00").contains(action.value());
    CheckoutSession paid = engine.checkoutSessions().confirm(s.id());
    assertThat(paid.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(paid.adapter()).isEqualTo("manual");
  }

  @Test
  void payRefusesAMethodTheSessionDoesNotOfferAndUnknownTokens() {
    CheckoutSession s = create(CheckoutMethod.QRIS);
    assertThatThrownBy(() -> engine.hostedCheckout().pay(token(s), CheckoutMethod.EWALLET))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("method"));
    assertThatThrownBy(() -> engine.hostedCheckout().open("nope"))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
          assertThat(e.param()).isEqualTo("token");
        });
    engine.checkoutSessions().cancel(s.id());
    assertThatThrownBy(() -> engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT));
  }
}
