package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link SessionStore#create} writes, in one atomic step: the new session (version 1), its
 * {@code created} event, and the idempotency record {@code (accountId, operation, key)} pointing at it.
 *
 * @param session the new session, version 1
 * @param event its {@code created} event
 * @param operation the idempotency scope within the account, e.g. {@code checkout_session.create}
 * @param key the explicit idempotency key, or the key the engine derived from the parameters
 * @param derived true for a derived key: it only deduplicates against a session that is still
 *     active (see {@link SessionStore#create})
 * @param fingerprint a digest of the canonical parameters, stored with the key
 * @param keyExpiresAt after this instant the key no longer deduplicates and may be purged
 * @param now the engine's clock at the call
 * @param dispatch true to queue the event for delivery (in the outbox); false when the engine has
 *     no listener to deliver it to, and the store records it as already delivered (it stays in the
 *     session's history, and is never claimed)
 */
public record CreateSessionRequest(
    StoredSession session,
    CheckoutSessionEvent event,
    String operation,
    String key,
    boolean derived,
    String fingerprint,
    Instant keyExpiresAt,
    Instant now,
    boolean dispatch) {

  /** Checks that nothing is missing. */
  public CreateSessionRequest {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(keyExpiresAt, "keyExpiresAt");
    Objects.requireNonNull(now, "now");
  }

  /** A request whose event is queued for delivery ({@code dispatch = true}). */
  public CreateSessionRequest(StoredSession session, CheckoutSessionEvent event, String operation,
      String key, boolean derived, String fingerprint, Instant keyExpiresAt, Instant now) {
    this(session, event, operation, key, derived, fingerprint, keyExpiresAt, now, true);
  }

  /** The account of the new session, which scopes the key. */
  public String accountId() {
    return session.session().accountId();
  }
}
