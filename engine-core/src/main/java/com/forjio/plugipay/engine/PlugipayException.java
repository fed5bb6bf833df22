package com.forjio.plugipay.engine;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception the engine throws for anything a caller can get wrong or run into: bad input, an
 * unknown session, a forbidden or conflicting operation, a reused idempotency key, an unreachable
 * provider. Branch on {@link #code()}; the message is for humans and carries the state that led to
 * the refusal.
 *
 * <p>Expected outcomes of the hot path (an idempotent replay, a lost race that still ends in the
 * requested state) are return values, not exceptions.
 */
public final class PlugipayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final @Nullable String param;

  /**
   * @param code the stable category, never null
   * @param param the offending parameter as the builders name it ({@code amount},
   *     {@code successUrl} ...), or null when no single parameter is at fault
   * @param message a human-readable explanation
   */
  public PlugipayException(ErrorCode code, @Nullable String param, String message) {
    this(code, param, message, null);
  }

  /** As {@link #PlugipayException(ErrorCode, String, String)} with the underlying cause. */
  public PlugipayException(
      ErrorCode code, @Nullable String param, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.param = param;
  }

  /** A {@link ErrorCode#VALIDATION_ERROR} naming {@code param}. */
  public static PlugipayException invalid(String param, String message) {
    return new PlugipayException(ErrorCode.VALIDATION_ERROR, param, message);
  }

  /** The stable category of this failure. */
  public ErrorCode code() {
    return code;
  }

  /** The HTTP-style status of {@link #code()}. */
  public int status() {
    return code.status();
  }

  /** The offending parameter, or null when the failure is not about one parameter. */
  public @Nullable String param() {
    return param;
  }

  @Override
  public String toString() {
    return "PlugipayException[" + code.wireName() + (param == null ? "" : ", param=" + param)
        + "]: " + getMessage();
  }
}
