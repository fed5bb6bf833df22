package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.CheckoutSession;
import java.util.Objects;

/**
 * A session as a {@link SessionStore} keeps it: the session, the version its compare-and-set
 * transitions check, and the token of its hosted page.
 *
 * @param session the session as last written
 * @param version 1 at creation, incremented by every applied transition
 * @param hostedToken the unguessable last segment of {@code session.hostedUrl()}
 */
public record StoredSession(CheckoutSession session, long version, String hostedToken) {
  /** Checks that nothing is missing and the version is positive. */
  public StoredSession {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(hostedToken, "hostedToken");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
  }
}
