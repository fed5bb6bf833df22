package com.forjio.plugipay.engine.event;

import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a webhook delivery and returns its typed event, as the Plugipay SDKs' {@code verifyWebhook}
 * does: the header (named {@code X-Plugipay-Signature} or {@code Plugipay-Signature}) holds
 * comma-separated {@code k=v} pairs (spaces trimmed, unknown keys ignored) with {@code t} and
 * {@code v1}; {@code |now - t|} must be within the tolerance (300 s by default, future timestamps
 * too); {@code v1} is compared in constant time with the HMAC-SHA256 of {@code "<t>.<raw body>"}.
 * Failures are {@link PlugipayException}s with the codes {@code signature_missing},
 * {@code signature_malformed}, {@code signature_stale}, {@code signature_invalid} and
 * {@code invalid_payload}. Immutable and thread-safe.
 */
public final class WebhookVerifier {
  /** The default tolerance between the signature's timestamp and now. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
  private static final WebhookVerifier DEFAULT = new WebhookVerifier(DEFAULT_TOLERANCE, Clock.systemUTC());

  private final Duration tolerance;
  private final Clock clock;

  private WebhookVerifier(Duration tolerance, Clock clock) {
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * A verifier with its own tolerance and clock.
   *
   * @throws PlugipayException {@code validation_error} for a negative tolerance or a null clock
   */
  public static WebhookVerifier withOptions(Duration tolerance, Clock clock) {
    if (tolerance == null || tolerance.isNegative()) {
      throw PlugipayException.invalid("tolerance", "tolerance must be zero or positive, was " + tolerance);
    }
    if (clock == null) {
      throw PlugipayException.invalid("clock", "clock must not be null");
    }
    return new WebhookVerifier(tolerance, clock);
  }

  /** Verifies with the default tolerance (300 s) and the system clock. */
  public static Event verify(byte[] rawBody, @Nullable String signatureHeader, @Nullable String secret) {
    return DEFAULT.check(rawBody, signatureHeader, secret);
  }

  /** As {@link #verify(byte[], String, String)} with another tolerance and clock. */
  public static Event verify(byte[] rawBody, @Nullable String signatureHeader, @Nullable String secret,
      Duration tolerance, Clock clock) {
    return withOptions(tolerance, clock).check(rawBody, signatureHeader, secret);
  }

  /** As {@link #verify(byte[], String, String)}, finding the header under either name. */
  public static Event verify(byte[] rawBody, Map<String, List<String>> headers, @Nullable String secret) {
    return DEFAULT.check(rawBody, headers, secret);
  }

  /** Verifies with this verifier's tolerance and clock, finding the header under either name. */
  public Event check(byte[] rawBody, Map<String, List<String>> headers, @Nullable String secret) {
    String header = header(headers, WebhookSigner.HEADER);
    return check(rawBody, header != null ? header : header(headers, "Plugipay-Signature"), secret);
  }

  /** Verifies with this verifier's tolerance and clock. */
  public Event check(byte[] rawBody, @Nullable String signatureHeader, @Nullable String secret) {
    if (rawBody == null) {
      throw new PlugipayException(ErrorCode.INVALID_PAYLOAD, "rawBody", "the webhook body is missing");
    }
    if (signatureHeader == null || signatureHeader.isBlank() || secret == null || secret.isEmpty()) {
      throw new PlugipayException(ErrorCode.SIGNATURE_MISSING, "signature",
          "the webhook signature header or the secret is missing");
    }
    String t = null;
    String v1 = null;
    for (String part : signatureHeader.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (key.equals("t")) {
        t = value;
      } else if (key.equals("v1")) {
        v1 = value;
      }
    }
    long timestamp;
    byte[] given;
    try {
      if (t == null || v1 == null) {
        throw new IllegalArgumentException("t and v1 are required");
      }
      timestamp = Long.parseLong(t);
      given = HexFormat.of().parseHex(v1);
    } catch (IllegalArgumentException e) {
      throw new PlugipayException(ErrorCode.SIGNATURE_MALFORMED, "signature",
          "the webhook signature header is malformed: " + e.getMessage(), e);
    }
    long now = clock.instant().getEpochSecond();
    if (!withinTolerance(now, timestamp)) {
      throw new PlugipayException(ErrorCode.SIGNATURE_STALE, "signature", "the webhook signature"
          + " timestamp " + timestamp + " is more than " + tolerance.toSeconds() + " s from now (" + now + ")");
    }
    if (!MessageDigest.isEqual(given, WebhookSigner.hmac(rawBody, secret, timestamp))) {
      throw new PlugipayException(ErrorCode.SIGNATURE_INVALID, "signature",
          "the webhook signature does not match the body");
    }
    return EventJson.parse(rawBody);
  }

  /**
   * True when {@code |now - timestamp| <= tolerance}, computed without overflow: a timestamp so far
   * from now that the difference does not fit in a long is stale in either direction.
   */
  private boolean withinTolerance(long now, long timestamp) {
    try {
      return Math.absExact(Math.subtractExact(now, timestamp)) <= tolerance.toSeconds();
    } catch (ArithmeticException farOff) {
      return false;
    }
  }

  private static @Nullable String header(Map<String, List<String>> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
          && e.getValue() != null && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
