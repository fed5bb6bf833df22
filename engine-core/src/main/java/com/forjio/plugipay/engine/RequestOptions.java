package com.forjio.plugipay.engine;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-call options. Today one: the idempotency key of a create.
 *
 * <p>A create with a key returns the same session for every call with the same key and the same
 * parameters (for at least the engine's key retention, 24 h by default); the same key with other
 * parameters is an {@code idempotency_mismatch}. A create without a key is still deduplicated: the
 * engine derives a key from the parameters, so a double-clicked "Pay now" gets the session it already
 * has while that session is open or pending.
 */
public final class RequestOptions {
  private static final RequestOptions NONE = new RequestOptions(null);

  private final @Nullable String idempotencyKey;

  private RequestOptions(@Nullable String idempotencyKey) {
    this.idempotencyKey = idempotencyKey;
  }

  /** No options: the engine derives the idempotency key from the parameters. */
  public static RequestOptions none() {
    return NONE;
  }

  /**
   * Options carrying an explicit idempotency key of 1..255 characters (checked by the call that uses
   * it, which answers a {@code validation_error} on {@code idempotencyKey}).
   */
  public static RequestOptions idempotencyKey(@Nullable String key) {
    return new RequestOptions(key);
  }

  /** The explicit key, or null when none was given. */
  public @Nullable String idempotencyKey() {
    return idempotencyKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestOptions other && Objects.equals(idempotencyKey, other.idempotencyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(idempotencyKey);
  }

  @Override
  public String toString() {
    return idempotencyKey == null ? "RequestOptions[]" : "RequestOptions[idempotencyKey=" + idempotencyKey + "]";
  }
}
