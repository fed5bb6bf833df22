package com.forjio.plugipay.engine.spi;

import java.util.Objects;

/**
 * The outcome of {@link SessionStore#create}.
 *
 * @param session the new session when {@code created}, otherwise the session the key already points
 *     at, as currently stored
 * @param created true when the request's session was written; false for a duplicate key
 * @param fingerprint the fingerprint stored with the key (the request's own when {@code created});
 *     the engine compares it to detect a key reused with other parameters
 */
public record CreateSessionResult(StoredSession session, boolean created, String fingerprint) {
  /** Checks that nothing is missing. */
  public CreateSessionResult {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
