package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.spi.CreateSessionRequest;
import com.forjio.plugipay.engine.spi.CreateSessionResult;
import com.forjio.plugipay.engine.spi.ListQuery;
import com.forjio.plugipay.engine.spi.SortKey;
import com.forjio.plugipay.engine.spi.StoredSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link CheckoutSessions} of one account, read-write or read-only.
 *
 * <h2>Create and idempotency</h2>
 * A create validates first (nothing is stored for a refused call), then writes the session, its
 * idempotency record and its {@code created} event in one store step. The record's key is the
 * caller's explicit key, kept for the engine's retention (24 h by default), or else the parameters'
 * fingerprint, kept while the session can still be paid: the store returns the existing session for a
 * live key instead of writing, so every racing caller receives the one winner and none gets an error.
 * An explicit key found with another fingerprint was reused with other parameters:
 * {@code idempotency_mismatch}.
 *
 * <p>The hot path does one validation pass, one SHA-256 over a per-thread buffer, two random draws
 * and one store call; no JSON, no reflection, and no intermediate strings.
 */
final class AccountSessions implements CheckoutSessions {
  static final String CREATE_OPERATION = "checkout_session.create";

  private final EngineRuntime rt;
  private final String accountId;
  private final boolean readOnly;

  AccountSessions(EngineRuntime rt, String accountId, boolean readOnly) {
    this.rt = rt;
    this.accountId = accountId;
    this.readOnly = readOnly;
  }

  @Override
  public CheckoutSession create(CheckoutSessionCreateParams params) {
    return create(params, RequestOptions.none());
  }

  @Override
  public CheckoutSession create(CheckoutSessionCreateParams params, RequestOptions options) {
    checkWritable("create");
    int expiresInSec = CreateValidation.validate(params, rt.routing());
    RequestOptions opts = options == null ? RequestOptions.none() : options;
    String explicitKey = opts.idempotencyKey();
    if (opts != RequestOptions.none()) {
      CreateValidation.checkIdempotencyKey(explicitKey);
    }
    Instant now = rt.clock().instant();
    String fingerprint = IdempotencyFingerprint.of(params, expiresInSec);
    Instant expiresAt = now.plusSeconds(expiresInSec);

    String id = IdSource.sessionId(now);
    String token = IdSource.hostedToken();
    CheckoutSession session = new CheckoutSession(id, accountId, params.customerId(),
        params.amount(), params.currency(), CheckoutSessionStatus.OPEN, List.copyOf(params.methods()),
        null, List.copyOf(params.lineItems()), params.successUrl(), params.cancelUrl(),
        rt.hostedBaseUrl() + "/" + token, expiresAt, null, params.metadata(), now, now);
    CheckoutSessionEvent created = new CheckoutSessionEvent(IdSource.createdEventId(id),
        CheckoutSessionEvent.TYPE_CREATED, accountId, now, session);

    boolean derived = explicitKey == null;
    CreateSessionResult result = rt.store().create(new CreateSessionRequest(
        new StoredSession(session, 1, token), created, CREATE_OPERATION,
        derived ? fingerprint : explicitKey, derived, fingerprint,
        derived ? expiresAt : now.plus(rt.idempotencyKeyRetention()), now, rt.dispatching()));
    if (result.created()) {
      rt.eventsCommitted();
      return session;
    }
    if (!result.fingerprint().equals(fingerprint)) {
      throw new PlugipayException(ErrorCode.IDEMPOTENCY_MISMATCH, "idempotencyKey",
          "idempotency key '" + explicitKey + "' was used for session "
              + result.session().session().id() + " with other parameters");
    }
    return rt.transitions().current(result.session(), now).session();
  }

  @Override
  public CheckoutSession get(String id) {
    return rt.transitions().current(rt.transitions().load(accountId, id)).session();
  }

  @Override
  public Page<CheckoutSession> list(CheckoutSessionListParams params) {
    if (params == null) {
      throw PlugipayException.invalid("params", "list parameters are required");
    }
    int limit = params.limit() == null ? CheckoutSessionListParams.DEFAULT_LIMIT : params.limit();
    if (limit < 1 || limit > CheckoutSessionListParams.MAX_LIMIT) {
      throw PlugipayException.invalid("limit",
          "limit must be 1.." + CheckoutSessionListParams.MAX_LIMIT + ", was " + limit);
    }
    if (params.customerId() != null && params.customerId().isBlank()) {
      throw PlugipayException.invalid("customerId", "customerId must not be blank");
    }
    if (params.createdAfter() != null && params.createdBefore() != null
        && !params.createdAfter().isBefore(params.createdBefore())) {
      throw PlugipayException.invalid("createdBefore", "createdBefore must be after createdAfter");
    }
    Order order = params.order();
    SortKey after = params.cursor() == null ? null
        : ListCursor.decode(params.cursor(), accountId, order);
    // Bounds beyond the times a store keeps are met by no session (or by every one): answered
    // here, so that no store has to convert a time it cannot hold.
    Instant createdAfter = params.createdAfter();
    Instant createdBefore = params.createdBefore();
    if (createdAfter != null && createdAfter.isAfter(ListCursor.LATEST)
        || createdBefore != null && !createdBefore.isAfter(ListCursor.EARLIEST)
        || params.customerId() != null && !StorableText.storable(params.customerId())) {
      return new Page<>(List.of(), null, false); // nothing stored can match
    }
    if (createdAfter != null && !createdAfter.isAfter(ListCursor.EARLIEST)) {
      createdAfter = null;
    }
    if (createdBefore != null && createdBefore.isAfter(ListCursor.LATEST)) {
      createdBefore = null;
    }
    Instant now = rt.clock().instant();
    List<StoredSession> rows = rt.store().list(new ListQuery(accountId, params.status(),
        params.customerId(), limit + 1, after, order, createdAfter, createdBefore, now));
    boolean hasMore = rows.size() > limit;
    int n = Math.min(rows.size(), limit);
    List<CheckoutSession> data = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      data.add(rt.transitions().current(rows.get(i), now).session());
    }
    @Nullable String cursor = null;
    if (hasMore) {
      CheckoutSession last = data.get(n - 1);
      cursor = ListCursor.encode(accountId, order, new SortKey(last.createdAt(), last.id()));
    }
    return new Page<>(data, cursor, hasMore);
  }

  @Override
  public CheckoutSession cancel(String id) {
    checkWritable("cancel");
    return rt.transitions().cancel(accountId, id);
  }

  @Override
  public CheckoutSession confirm(String id) {
    checkWritable("confirm");
    return rt.transitions().confirm(accountId, id);
  }

  private void checkWritable(String operation) {
    if (readOnly) {
      throw new PlugipayException(ErrorCode.FORBIDDEN, null,
          "this is a read-only view of account " + accountId + "; cannot " + operation);
    }
  }

  @Override
  public String toString() {
    return "CheckoutSessions[account=" + accountId + (readOnly ? ", read-only]" : "]");
  }
}
