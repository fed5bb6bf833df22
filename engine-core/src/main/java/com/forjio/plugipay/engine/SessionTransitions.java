package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.StatusTable.Trigger;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.spi.CancelOutcome;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.StoredSession;
import com.forjio.plugipay.engine.spi.TransitionRequest;
import com.forjio.plugipay.engine.spi.TransitionResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sessions through the status machine: read, ask the {@link StatusTable}, compare-and-set.
 *
 * <h2>Concurrency</h2>
 * Every change is optimistic. The session is read with its version, the table decides the next
 * status, and the store applies the change only if the version is unchanged, writing the event in
 * the same step. A loser re-reads and decides again with what the winner left: a cancel that lost to
 * a confirm now sees {@code completed} and answers {@code state_conflict}; a reader's expiry that
 * lost to another reader's simply returns the expired session. So two racing transitions produce
 * exactly one winner and exactly one event, on one engine or many sharing a store.
 *
 * <h2>Expiry</h2>
 * Readers are exact: {@link #current} turns an open session whose {@code expiresAt} has passed into
 * an expired one before anyone sees it, and every write path reads through it, so a confirm after
 * expiry is refused. The background {@link ExpirySweeper} uses {@link #expireDue} for the rest.
 */
final class SessionTransitions {
  private static final Logger LOG = LoggerFactory.getLogger("com.forjio.plugipay.engine.transitions");
  /** A compare-and-set is retried this often before the caller is told the session is contended. */
  private static final int MAX_ATTEMPTS = 32;

  private final SessionStore store;
  private final Clock clock;
  private final AdapterRouting routing;
  /** Told of each commit; asked whether events go to the outbox or count as delivered. */
  private final OutboxDispatcher dispatcher;

  SessionTransitions(SessionStore store, Clock clock, AdapterRouting routing,
      OutboxDispatcher dispatcher) {
    this.store = store;
    this.clock = clock;
    this.routing = routing;
    this.dispatcher = dispatcher;
  }

  /**
   * The session as a reader must see it now; asks the clock only about an open session, and mints
   * an instant only for one that has to expire.
   */
  StoredSession current(StoredSession stored) {
    CheckoutSession s = stored.session();
    if (s.status() != CheckoutSessionStatus.OPEN || !reached(s.expiresAt())) {
      return stored;
    }
    return current(stored, clock.instant());
  }

  /** True if the clock has reached {@code t}. */
  private boolean reached(Instant t) {
    return clock instanceof MicrosecondClock micros ? micros.reached(t) : !t.isAfter(clock.instant());
  }

  /** The session as a reader must see it at {@code now}: expired if it is open past its expiry. */
  StoredSession current(StoredSession stored, Instant now) {
    StoredSession s = stored;
    for (int attempt = 0; attempt < MAX_ATTEMPTS && isDue(s.session(), now); attempt++) {
      TransitionResult r = tryMove(s, Trigger.EXPIRE, now);
      s = r.current();
    }
    return s;
  }

  /** Loads a session of the account or answers {@code not_found}. */
  StoredSession load(String accountId, String id) {
    // An id no store can hold (see StorableText) is never found, and is not sent to a store that
    // would refuse it; a blank id is told apart only when nothing was found.
    StoredSession found = id == null || !StorableText.storable(id) ? null
        : store.find(accountId, id).orElse(null);
    if (found != null) {
      return found;
    }
    if (id == null || id.isBlank()) {
      throw PlugipayException.invalid("id", "a checkout session id is required");
    }
    throw new PlugipayException(ErrorCode.NOT_FOUND, "id",
        "no checkout session " + id + " in account " + accountId);
  }

  CheckoutSession confirm(String accountId, String id) {
    return apply(accountId, id, Trigger.CONFIRM, "confirm");
  }

  CheckoutSession cancel(String accountId, String id) {
    return apply(accountId, id, Trigger.CANCEL, "cancel");
  }

  /**
   * Expires up to {@code limit} sessions that are due; sessions someone else moved first are skipped.
   *
   * @return how many sessions this call expired
   */
  int expireDue(int limit) {
    Instant now = clock.instant();
    List<StoredSession> due = store.findDueForExpiry(now, limit);
    int expired = 0;
    for (StoredSession s : due) {
      if (isDue(s.session(), now) && tryMove(s, Trigger.EXPIRE, now).applied()) {
        expired++;
      }
    }
    return expired;
  }

  /**
   * Applies {@code trigger} by compare-and-set, reading again after each lost race. A race lost to a
   * writer that ended the session where this call would have (a cancel beaten by another cancel, a
   * confirm by another confirm) answers with that session: the caller's request is fulfilled. A
   * provider's attempt is voided once, before the compare-and-set, never again because a race was
   * lost (issue 18); an attempt started while this call ran (the session back to open, then pending
   * again) is voided too before the session is cancelled.
   */
  private CheckoutSession apply(String accountId, String id, Trigger trigger, String operation) {
    StoredSession stored = load(accountId, id);
    CheckoutSessionStatus requested = null;
    @Nullable String voidedAttempt = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      stored = current(stored, now);
      CheckoutSession s = stored.session();
      if (requested != null && s.status() == requested) {
        return s; // lost the race to a writer that did what this call asked
      }
      checkAllowed(s, trigger, operation);
      CheckoutSessionStatus to = StatusTable.next(s.status(), trigger);
      if (to == null) {
        throw new PlugipayException(ErrorCode.STATE_CONFLICT, null,
            "session " + s.id() + " is " + s.status().wireName() + "; cannot " + operation
                + " (expiresAt=" + s.expiresAt() + ", now=" + now + ")");
      }
      requested = to;
      if (needsVoid(s, trigger)) {
        voidedAttempt = voidOrRefuse(s, operation, voidedAttempt);
      }
      TransitionResult r = tryMove(stored, trigger, now);
      if (r.applied()) {
        return r.current().session();
      }
      stored = r.current();
    }
    throw new PlugipayException(ErrorCode.STATE_CONFLICT, null, "session " + id
        + " changed " + MAX_ATTEMPTS + " times while " + operation + " was being applied; retry");
  }

  private void checkAllowed(CheckoutSession s, Trigger trigger, String operation) {
    if (trigger == Trigger.CONFIRM && !routing.isMerchantConfirmed(s)) {
      throw new PlugipayException(ErrorCode.FORBIDDEN, null, "session " + s.id()
          + " is paid through " + (s.adapter() == null ? "a payment provider" : s.adapter())
          + "; only manual sessions can be confirmed");
    }
  }

  /** A cancel of a session pending at a provider, which may already have committed the attempt. */
  private boolean needsVoid(CheckoutSession s, Trigger trigger) {
    return trigger == Trigger.CANCEL
        && (s.status() == CheckoutSessionStatus.PENDING
            || s.status() == CheckoutSessionStatus.PENDING_REVIEW)
        && !routing.isMerchantConfirmed(s);
  }

  /**
   * Voids the session's current attempt unless it is {@code alreadyVoided}; voiding is the adapter's
   * call, and anything but {@code VOIDED} refuses the cancel.
   *
   * @return the id of the attempt now voided
   */
  private String voidOrRefuse(CheckoutSession s, String operation, @Nullable String alreadyVoided) {
    PaymentAttempt attempt = store.currentAttempt(s.accountId(), s.id()).orElse(null);
    if (attempt != null && attempt.id().equals(alreadyVoided)) {
      return alreadyVoided;
    }
    CancelOutcome voided = voidAttempt(s, attempt);
    if (voided != CancelOutcome.VOIDED || attempt == null) {
      throw new PlugipayException(ErrorCode.STATE_CONFLICT, null, "session " + s.id() + " is "
          + s.status().wireName() + " at " + s.adapter() + ", which did not void the attempt ("
          + voided + "); cannot " + operation);
    }
    return attempt.id();
  }

  private CancelOutcome voidAttempt(CheckoutSession s, @Nullable PaymentAttempt attempt) {
    PaymentAdapter adapter = s.adapter() == null ? null : routing.adapterNamed(s.adapter());
    if (attempt == null || adapter == null) {
      return CancelOutcome.UNKNOWN;
    }
    try {
      return adapter.cancel(attempt);
    } catch (RuntimeException e) {
      LOG.warn("adapter {} could not void attempt {}", adapter.name(), attempt.id(), e);
      return CancelOutcome.UNKNOWN;
    }
  }

  /** One compare-and-set attempt; the caller decided that {@code trigger} is legal. */
  private TransitionResult tryMove(StoredSession stored, Trigger trigger, Instant now) {
    @Nullable String adapter = stored.session().adapter();
    if (trigger == Trigger.CONFIRM && adapter == null) {
      adapter = ManualPaymentAdapter.NAME;
    }
    return move(stored, trigger, adapter, null, now);
  }

  /**
   * One compare-and-set attempt of {@code trigger} that sets the session's adapter to
   * {@code adapter} and stores {@code attempt} (if any) with it. Refused (not applied, nothing
   * written) when the status table does not allow {@code trigger} from the stored status.
   */
  TransitionResult move(StoredSession stored, Trigger trigger, @Nullable String adapter,
      @Nullable PaymentAttempt attempt, Instant now) {
    CheckoutSession s = stored.session();
    CheckoutSessionStatus to = StatusTable.next(s.status(), trigger);
    if (to == null) {
      return new TransitionResult(false, stored);
    }
    Instant completedAt = to == CheckoutSessionStatus.COMPLETED ? now : null;
    CheckoutSession next = s.withTransition(to, adapter, completedAt, now);
    CheckoutSessionEvent event = new CheckoutSessionEvent(IdSource.eventId(now),
        CheckoutSessionEvent.typeFor(to, false), s.accountId(), now, next);
    TransitionResult r =
        store.transition(new TransitionRequest(stored.version(), next, event, attempt,
            dispatcher.dispatching()));
    if (r.applied()) {
      dispatcher.wake();
      if (LOG.isDebugEnabled()) { // five arguments: an array per call, even when not logged
        LOG.debug("session {} {} -> {} ({}), event {}", s.id(), s.status().wireName(),
            to.wireName(), trigger.label(), event.id());
      }
    }
    return r;
  }

  /**
   * Records money received for a session that already ended: no status change, a version step and a
   * {@code late_payment} event, with {@code adapter} naming where the money came from.
   */
  TransitionResult recordLatePayment(StoredSession stored, String adapter, Instant now) {
    CheckoutSession s = stored.session();
    CheckoutSession next = s.withTransition(s.status(), adapter, s.completedAt(), now);
    CheckoutSessionEvent event = new CheckoutSessionEvent(IdSource.eventId(now),
        CheckoutSessionEvent.TYPE_LATE_PAYMENT, s.accountId(), now, next);
    TransitionResult r = store.transition(new TransitionRequest(stored.version(), next, event, null,
        dispatcher.dispatching()));
    if (r.applied()) {
      dispatcher.wake();
      LOG.warn("late payment via {} for session {} ({}); event {}", adapter, s.id(),
          s.status().wireName(), event.id());
    }
    return r;
  }

  private static boolean isDue(CheckoutSession s, Instant now) {
    return s.status() == CheckoutSessionStatus.OPEN && !s.expiresAt().isAfter(now);
  }
}
