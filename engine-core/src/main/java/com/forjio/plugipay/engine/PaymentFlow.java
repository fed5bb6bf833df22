package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.StatusTable.Trigger;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.PaymentRequest;
import com.forjio.plugipay.engine.spi.PaymentStart;
import com.forjio.plugipay.engine.spi.ProviderNotification;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.StoredSession;
import com.forjio.plugipay.engine.spi.TransitionResult;
import com.forjio.plugipay.engine.spi.UnmatchedPayment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's pay flow and the providers' answers: {@link HostedCheckout} (open, pay),
 * {@link ProviderNotifications} (verified callbacks) and reconciliation (asking providers about
 * attempts whose callback never came).
 *
 * <h2>Money is never lost</h2>
 * Provider calls happen outside any store step; their result is then applied as a compare-and-set
 * transition that stores the attempt with the move to {@code pending}. Every provider outcome goes
 * through {@link #apply}: a payment for a live session completes it; for a session that already
 * ended (expired, cancelled, or paid through another attempt) it is recorded as a late payment with
 * its own event, never silently dropped and never reopening the session; a notification that matches
 * no attempt is kept as unmatched. Replays and stale news change nothing, so notifications are
 * idempotent and out-of-order ones cannot move a terminal session.
 */
final class PaymentFlow implements HostedCheckout, ProviderNotifications {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentFlow.class);
  private static final int MAX_ATTEMPTS = 32;

  private final EngineRuntime rt;
  private final SessionStore store;
  private final SessionTransitions transitions;

  PaymentFlow(EngineRuntime rt) {
    this.rt = rt;
    this.store = rt.store();
    this.transitions = rt.transitions();
  }

  // ------------------------------------------------------------------ hosted page

  @Override
  public HostedPage open(String token) {
    StoredSession stored = current(byToken(token));
    CheckoutSession s = stored.session();
    PaymentAction pending = null;
    if (s.status() == CheckoutSessionStatus.PENDING || s.status() == CheckoutSessionStatus.PENDING_REVIEW) {
      pending = store.currentAttempt(s.accountId(), s.id()).map(PaymentAttempt::action).orElse(null);
    }
    return new HostedPage(s.id(), s.amount(), s.currency(), s.lineItems(), s.methods(), s.status(),
        s.expiresAt(), s.successUrl(), s.cancelUrl(), pending);
  }

  @Override
  public PaymentAction pay(String token, CheckoutMethod method) {
    if (method == null) {
      throw PlugipayException.invalid("method", "a payment method is required");
    }
    StoredSession stored = current(byToken(token));
    CheckoutSession s = stored.session();
    if (!s.methods().contains(method)) {
      throw PlugipayException.invalid("method", "session " + s.id() + " does not offer "
          + method.wireName() + " (it offers " + s.methods() + ")");
    }
    Optional<PaymentAction> inProgress = actionInProgress(s, method);
    if (inProgress.isPresent()) {
      return inProgress.get();
    }
    PaymentAdapter adapter = rt.routing().adapterFor(method);
    if (adapter == null || !adapter.serves(method, s.currency())) {
      throw new PlugipayException(ErrorCode.STATE_CONFLICT, "method", "no adapter serves "
          + method.wireName() + " in " + s.currency().wireName() + " any more");
    }
    Instant now = rt.clock().instant();
    String attemptId = IdSource.attemptId(now);
    PaymentStart started = adapter.start(new PaymentRequest(s, method, attemptId, now));
    PaymentAttempt attempt;
    if (started instanceof PaymentStart.Started st) {
      attempt = new PaymentAttempt(attemptId, s.accountId(), s.id(), adapter.name(), method,
          st.providerReference(), st.kind(), st.value(), st.instructions(), now);
    } else if (started instanceof PaymentStart.Declined d) {
      throw new PlugipayException(ErrorCode.PAYMENT_DECLINED, "method",
          adapter.name() + " declined the payment: " + d.reason());
    } else {
      // Unknown: the provider may have the attempt; the reconciler will ask it by our reference.
      attempt = new PaymentAttempt(attemptId, s.accountId(), s.id(), adapter.name(), method, null,
          PaymentAction.Kind.INSTRUCTIONS, attemptId, "We are confirming your payment with "
              + adapter.name() + "; this page updates when it is done.", now);
    }
    TransitionResult r = transitions.move(stored, Trigger.START_PAYMENT, adapter.name(), attempt,
        rt.clock().instant());
    if (r.applied()) {
      return attempt.action();
    }
    // Someone else moved the session first (another tab paid, the merchant cancelled): void ours.
    if (started instanceof PaymentStart.Started) {
      try {
        adapter.cancel(attempt);
      } catch (RuntimeException e) {
        LOG.warn("could not void superseded attempt {} at {}", attempt.id(), adapter.name(), e);
      }
    }
    CheckoutSession moved = r.current().session();
    return actionInProgress(moved, method).orElseThrow(() -> new PlugipayException(
        ErrorCode.STATE_CONFLICT, null, "session " + s.id() + " is " + moved.status().wireName()
            + "; cannot pay"));
  }

  /** The action of a pending attempt with {@code method}; otherwise a conflict unless open. */
  private Optional<PaymentAction> actionInProgress(CheckoutSession s, CheckoutMethod method) {
    if (s.status() == CheckoutSessionStatus.OPEN) {
      return Optional.empty();
    }
    if (s.status() == CheckoutSessionStatus.PENDING) {
      Optional<PaymentAttempt> current = store.currentAttempt(s.accountId(), s.id());
      if (current.isPresent() && current.get().method() == method) {
        return Optional.of(current.get().action());
      }
      throw new PlugipayException(ErrorCode.STATE_CONFLICT, "method", "session " + s.id()
          + " has a payment in progress" + current.map(a -> " with " + a.method().wireName()).orElse(""));
    }
    throw new PlugipayException(ErrorCode.STATE_CONFLICT, null,
        "session " + s.id() + " is " + s.status().wireName() + "; cannot pay");
  }

  private StoredSession byToken(@Nullable String token) {
    if (token == null || token.isBlank()) {
      throw PlugipayException.invalid("token", "a hosted page token is required");
    }
    Optional<StoredSession> found = StorableText.storable(token) ? store.findByHostedToken(token)
        : Optional.empty(); // no store can hold such a token
    return found.orElseThrow(() -> new PlugipayException(ErrorCode.NOT_FOUND, "token",
        "no checkout session for this page"));
  }

  private StoredSession current(StoredSession stored) {
    return transitions.current(stored);
  }

  // ------------------------------------------------------------------ notifications

  @Override
  public Result handle(String adapterName, Map<String, List<String>> headers, byte[] body) {
    PaymentAdapter adapter = adapterName == null ? null : rt.routing().adapterNamed(adapterName);
    if (adapter == null) {
      throw new PlugipayException(ErrorCode.NOT_FOUND, "adapter",
          "no adapter named " + adapterName + " is registered");
    }
    ProviderNotification n = adapter.parseNotification(
        headers == null ? Map.of() : headers, body == null ? new byte[0] : body);
    Optional<PaymentAttempt> attempt = Optional.empty();
    if (n.reference() != null) {
      attempt = store.findAttempt(n.reference());
    }
    if (attempt.isEmpty() && n.providerReference() != null) {
      attempt = store.findAttemptByProviderReference(adapter.name(), n.providerReference());
    }
    if (attempt.isEmpty() || !attempt.get().adapter().equals(adapter.name())) {
      store.recordUnmatched(new UnmatchedPayment(adapter.name(), n.providerReference(),
          n.reference(), n.outcome(), n.amountMinor(), rt.clock().instant()));
      LOG.warn("{} notification for unknown reference {} / {} ({}); kept for reconciliation",
          adapter.name(), n.reference(), n.providerReference(), n.outcome());
      return new Result(Outcome.UNMATCHED, null, null);
    }
    return apply(attempt.get(), n.outcome(), n.amountMinor());
  }

  /**
   * Asks the providers about attempts still pending (lost callbacks) and applies their answers.
   *
   * @return how many sessions changed
   */
  int reconcile(int limit) {
    int changed = 0;
    for (PaymentAttempt attempt : store.findAttemptsToReconcile(limit)) {
      PaymentAdapter adapter = rt.routing().adapterNamed(attempt.adapter());
      if (adapter == null) {
        continue;
      }
      try {
        ProviderOutcome outcome = adapter.fetchStatus(attempt);
        if (apply(attempt, outcome, null).outcome() != Outcome.UNCHANGED) {
          changed++;
        }
      } catch (RuntimeException e) {
        LOG.warn("reconciliation of attempt {} at {} failed; will retry", attempt.id(),
            attempt.adapter(), e);
      }
    }
    return changed;
  }

  /** Applies what a provider says about {@code attempt}; see the class comment. */
  Result apply(PaymentAttempt attempt, ProviderOutcome reported, @Nullable Long amountMinor) {
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Instant now = rt.clock().instant();
      StoredSession stored = transitions.current(
          transitions.load(attempt.accountId(), attempt.sessionId()), now);
      CheckoutSession s = stored.session();
      ProviderOutcome outcome = reported;
      if (outcome == ProviderOutcome.PAID && amountMinor != null && amountMinor != s.amount()) {
        LOG.warn("{} reports {} paid for session {} of {}; holding for review", attempt.adapter(),
            amountMinor, s.id(), s.amount());
        outcome = ProviderOutcome.REVIEW;
      }
      boolean isCurrent = store.currentAttempt(s.accountId(), s.id())
          .map(a -> a.id().equals(attempt.id())).orElse(false);
      TransitionResult r;
      Outcome done = Outcome.APPLIED;
      switch (outcome) {
        case PAID -> {
          if (s.status().isTerminal()) {
            if (s.status() == CheckoutSessionStatus.COMPLETED && isCurrent
                || alreadyRecordedLate(s, attempt)) {
              return unchanged(s);
            }
            r = transitions.recordLatePayment(stored, attempt.adapter(), now);
            done = Outcome.LATE_PAYMENT;
          } else {
            r = transitions.move(stored, Trigger.PROVIDER_PAID, attempt.adapter(), null, now);
          }
        }
        case REVIEW -> {
          if (!isCurrent || s.status() != CheckoutSessionStatus.PENDING) {
            return unchanged(s);
          }
          r = transitions.move(stored, Trigger.PROVIDER_REVIEW, attempt.adapter(), null, now);
        }
        case FAILED, EXPIRED -> {
          if (!isCurrent || (s.status() != CheckoutSessionStatus.PENDING
              && s.status() != CheckoutSessionStatus.PENDING_REVIEW)) {
            return unchanged(s);
          }
          boolean sessionOver = !s.expiresAt().isAfter(now)
              && s.status() == CheckoutSessionStatus.PENDING;
          r = sessionOver
              ? transitions.move(stored, Trigger.EXPIRE, s.adapter(), null, now)
              : transitions.move(stored, Trigger.PROVIDER_FAILED, null, null, now);
        }
        default -> {
          return unchanged(s);
        }
      }
      if (r.applied()) {
        return new Result(done, s.id(), r.current().session().status());
      }
    }
    throw new PlugipayException(ErrorCode.STATE_CONFLICT, null, "session " + attempt.sessionId()
        + " kept changing while a provider notification was applied; the provider will retry");
  }

  private boolean alreadyRecordedLate(CheckoutSession s, PaymentAttempt attempt) {
    return store.events(s.accountId(), s.id()).stream().anyMatch(e ->
        e.type().equals(CheckoutSessionEvent.TYPE_LATE_PAYMENT)
            && attempt.adapter().equals(e.session().adapter()));
  }

  private static Result unchanged(CheckoutSession s) {
    return new Result(Outcome.UNCHANGED, s.id(), s.status());
  }
}
