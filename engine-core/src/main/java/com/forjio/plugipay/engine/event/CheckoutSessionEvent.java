package com.forjio.plugipay.engine.event;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * A checkout session changed status (or was created). Written atomically with the transition it
 * reports (an outbox), so every transition has exactly one event and no event describes a
 * transition that did not happen.
 *
 * @param id {@code evt_} + ULID
 * @param type one of the {@code TYPE_*} constants
 * @param accountId the session's account
 * @param occurredAt the time of the transition
 * @param session the session as of the transition
 */
public record CheckoutSessionEvent(
    String id, String type, String accountId, Instant occurredAt, CheckoutSession session)
    implements Event {

  /** A session was created (status {@code open}). */
  public static final String TYPE_CREATED = "plugipay.checkout_session.created.v1";
  /** The customer started a payment. */
  public static final String TYPE_PENDING = "plugipay.checkout_session.pending.v1";
  /** The payment is held for review. */
  public static final String TYPE_PENDING_REVIEW = "plugipay.checkout_session.pending_review.v1";
  /** The session was paid: fulfil the order. */
  public static final String TYPE_COMPLETED = "plugipay.checkout_session.completed.v1";
  /** The session expired unpaid. */
  public static final String TYPE_EXPIRED = "plugipay.checkout_session.expired.v1";
  /** The merchant cancelled the session. */
  public static final String TYPE_CANCELED = "plugipay.checkout_session.canceled.v1";
  /** A payment attempt failed; the session is open again and the customer may retry. */
  public static final String TYPE_REOPENED = "plugipay.checkout_session.reopened.v1";
  /**
   * A provider reported money for a session that had already expired or been cancelled (or was
   * paid through another attempt). The status does not change; fulfil or refund the order.
   */
  public static final String TYPE_LATE_PAYMENT = "plugipay.checkout_session.late_payment.v1";

  /** Checks that nothing is missing. */
  public CheckoutSessionEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(session, "session");
  }

  /**
   * The type of the event that reports a session entering {@code status}: {@code created} for open
   * sessions that are new, otherwise the status' own type ({@code reopened} for a return to open).
   */
  public static String typeFor(CheckoutSessionStatus status, boolean isNew) {
    return switch (status) {
      case OPEN -> isNew ? TYPE_CREATED : TYPE_REOPENED;
      case PENDING -> TYPE_PENDING;
      case PENDING_REVIEW -> TYPE_PENDING_REVIEW;
      case COMPLETED -> TYPE_COMPLETED;
      case EXPIRED -> TYPE_EXPIRED;
      case CANCELED -> TYPE_CANCELED;
    };
  }
}
