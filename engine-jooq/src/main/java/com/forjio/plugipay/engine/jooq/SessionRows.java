package com.forjio.plugipay.engine.jooq;

import static com.forjio.plugipay.engine.jooq.schema.Tables.PLUGIPAY_CHECKOUT_SESSION;
import static com.forjio.plugipay.engine.jooq.schema.Tables.PLUGIPAY_EVENT;
import static com.forjio.plugipay.engine.jooq.schema.Tables.PLUGIPAY_PAYMENT_ATTEMPT;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.PaymentAction;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.jooq.schema.tables.PlugipayCheckoutSession;
import com.forjio.plugipay.engine.jooq.schema.tables.PlugipayEvent;
import com.forjio.plugipay.engine.jooq.schema.tables.records.PlugipayCheckoutSessionRecord;
import com.forjio.plugipay.engine.jooq.schema.tables.records.PlugipayEventRecord;
import com.forjio.plugipay.engine.jooq.schema.tables.records.PlugipayPaymentAttemptRecord;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.StoredSession;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/**
 * Maps sessions and events to rows and back. Times are stored as UTC local date-times (no session
 * time zone of any database or driver can shift them); methods as a comma-separated list of wire
 * names; line items and metadata as JSON. An event row keeps only what a transition can change
 * (status, adapter, completedAt, updatedAt); its session snapshot is rebuilt from the session row,
 * whose other fields never change.
 */
final class SessionRows {
  static final PlugipayCheckoutSession S = PLUGIPAY_CHECKOUT_SESSION;
  static final PlugipayEvent E = PLUGIPAY_EVENT;

  /**
   * The {@code available_at} of a new event: due at once, for whoever claims it, whatever that
   * engine's clock or its writer's says. Only a rescheduled event carries a time (its retry's, on
   * the clock of the engine that rescheduled it). Writing the writer's clock instead would hide the
   * events of an engine whose clock runs ahead from every claimer whose clock does not, the
   * dispatchers claim with the system clock, not the engine's, and group members' clocks differ.
   */
  static final LocalDateTime DUE_AT_ONCE = LocalDateTime.of(1970, 1, 1, 0, 0);

  private SessionRows() {}

  static LocalDateTime utc(Instant i) {
    return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static @Nullable LocalDateTime utcOrNull(@Nullable Instant i) {
    return i == null ? null : utc(i);
  }

  static Instant instant(LocalDateTime t) {
    return t.toInstant(ZoneOffset.UTC);
  }

  static @Nullable Instant instantOrNull(@Nullable LocalDateTime t) {
    return t == null ? null : instant(t);
  }

  static PlugipayCheckoutSessionRecord toRecord(StoredSession stored) {
    CheckoutSession s = stored.session();
    PlugipayCheckoutSessionRecord r = S.newRecord();
    r.setId(s.id());
    r.setAccountId(s.accountId());
    r.setCustomerId(s.customerId());
    r.setAmount(s.amount());
    r.setCurrency(s.currency().wireName());
    r.setStatus(s.status().wireName());
    r.setMethods(methods(s.methods()));
    r.setAdapter(s.adapter());
    r.setLineItems(JsonColumns.lineItems(s.lineItems()));
    r.setSuccessUrl(s.successUrl());
    r.setCancelUrl(s.cancelUrl());
    r.setHostedUrl(s.hostedUrl());
    r.setHostedToken(stored.hostedToken());
    r.setExpiresAt(utc(s.expiresAt()));
    r.setCompletedAt(utcOrNull(s.completedAt()));
    r.setMetadata(JsonColumns.metadata(s.metadata()));
    r.setCreatedAt(utc(s.createdAt()));
    r.setUpdatedAt(utc(s.updatedAt()));
    r.setVersion(stored.version());
    return r;
  }

  static StoredSession toStored(Record r) {
    return new StoredSession(toSession(r, r.get(S.STATUS), r.get(S.ADAPTER), r.get(S.COMPLETED_AT),
        r.get(S.UPDATED_AT)), r.get(S.VERSION), r.get(S.HOSTED_TOKEN));
  }

  /** A session from a session row, with the four mutable fields given separately. */
  static CheckoutSession toSession(Record r, String status, @Nullable String adapter,
      @Nullable LocalDateTime completedAt, LocalDateTime updatedAt) {
    return new CheckoutSession(r.get(S.ID), r.get(S.ACCOUNT_ID), r.get(S.CUSTOMER_ID),
        r.get(S.AMOUNT), Currency.fromWireName(r.get(S.CURRENCY)),
        CheckoutSessionStatus.fromWireName(status), parseMethods(r.get(S.METHODS)), adapter,
        JsonColumns.parseLineItems(r.get(S.LINE_ITEMS)), r.get(S.SUCCESS_URL),
        r.get(S.CANCEL_URL), r.get(S.HOSTED_URL), instant(r.get(S.EXPIRES_AT)),
        instantOrNull(completedAt), JsonColumns.parseMetadata(r.get(S.METADATA)),
        instant(r.get(S.CREATED_AT)), instant(updatedAt));
  }

  static PlugipayEventRecord toEventRecord(CheckoutSessionEvent e, boolean pending) {
    CheckoutSession s = e.session();
    PlugipayEventRecord r = E.newRecord();
    r.setId(e.id());
    r.setAccountId(e.accountId());
    r.setSessionId(s.id());
    r.setType(e.type());
    r.setOccurredAt(utc(e.occurredAt()));
    r.setStatus(s.status().wireName());
    r.setAdapter(s.adapter());
    r.setCompletedAt(utcOrNull(s.completedAt()));
    r.setUpdatedAt(utc(s.updatedAt()));
    r.setPending(pending);
    r.setAttempts(0);
    r.setAvailableAt(DUE_AT_ONCE);
    return r;
  }

  /** An event from a row of {@code event JOIN session}. */
  static CheckoutSessionEvent toEvent(Record r) {
    CheckoutSession snapshot = toSession(r, r.get(E.STATUS), r.get(E.ADAPTER),
        r.get(E.COMPLETED_AT), r.get(E.UPDATED_AT));
    return new CheckoutSessionEvent(r.get(E.ID), r.get(E.TYPE), r.get(E.ACCOUNT_ID),
        instant(r.get(E.OCCURRED_AT)), snapshot);
  }

  static PlugipayPaymentAttemptRecord toAttemptRecord(PaymentAttempt a) {
    PlugipayPaymentAttemptRecord r = PLUGIPAY_PAYMENT_ATTEMPT.newRecord();
    r.setId(a.id());
    r.setAccountId(a.accountId());
    r.setSessionId(a.sessionId());
    r.setAdapter(a.adapter());
    r.setMethod(a.method().wireName());
    r.setProviderReference(a.providerReference());
    r.setActionKind(a.kind().name());
    r.setActionValue(a.value());
    r.setInstructions(a.instructions());
    r.setCreatedAt(utc(a.createdAt()));
    return r;
  }

  static PaymentAttempt toAttempt(PlugipayPaymentAttemptRecord r) {
    return new PaymentAttempt(r.getId(), r.getAccountId(), r.getSessionId(), r.getAdapter(),
        CheckoutMethod.fromWireName(r.getMethod()), r.getProviderReference(),
        PaymentAction.Kind.valueOf(r.getActionKind()), r.getActionValue(), r.getInstructions(),
        instant(r.getCreatedAt()));
  }

  static String methods(List<CheckoutMethod> methods) {
    StringBuilder sb = new StringBuilder(8 * methods.size());
    for (CheckoutMethod m : methods) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(m.wireName());
    }
    return sb.toString();
  }

  static List<CheckoutMethod> parseMethods(String csv) {
    List<CheckoutMethod> methods = new ArrayList<>(4);
    for (String name : csv.split(",")) {
      if (!name.isEmpty()) {
        methods.add(CheckoutMethod.fromWireName(name));
      }
    }
    return methods;
  }

  /** The hosted token is the last path segment of the hosted URL. */
  static String tokenOf(CheckoutSession s) {
    String url = s.hostedUrl();
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
