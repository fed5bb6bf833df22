package com.forjio.plugipay.engine.spi;

import java.util.Objects;

/**
 * The outcome of {@link SessionStore#transition}.
 *
 * @param applied true when this request won the compare-and-set and its event was written
 * @param current the session as stored after the call: the new version when applied, otherwise
 *     whatever a concurrent writer left there
 */
public record TransitionResult(boolean applied, StoredSession current) {
  /** Checks that nothing is missing. */
  public TransitionResult {
    Objects.requireNonNull(current, "current");
  }
}
