package com.forjio.plugipay.engine;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Mints identifiers and hosted-page tokens.
 *
 * <p>Ids are a prefix plus a ULID: 48 bits of milliseconds from the engine's clock and 80 random
 * bits, in Crockford base32 (26 characters), so ids sort roughly by creation time. They are
 * identifiers, not secrets, and use {@link ThreadLocalRandom}. Hosted tokens are secrets: 192 bits
 * from a per-thread DRBG {@link SecureRandom} (drawn in blocks), base64url without padding (32
 * characters), so minting one takes no lock shared between threads and no system call. A session's
 * {@code created} event shares the session's ULID ({@link #createdEventId}).
 */
final class IdSource {
  private static final byte[] CROCKFORD =
      "0123456789ABCDEFGHJKMNPQRSTVWXYZ".getBytes(StandardCharsets.US_ASCII);
  private static final int TOKEN_BYTES = 24;
  private static final int TOKEN_CHARS = TOKEN_BYTES / 3 * 4;
  private static final ThreadLocal<TokenBytes> TOKEN_BYTES_OF_THREAD =
      ThreadLocal.withInitial(TokenBytes::new);

  /**
   * Per-thread secure random bytes drawn 32 tokens at a time: one DRBG call instead of one per
   * token, so the cost of a call is amortised. Handed-out bytes are zeroed in the buffer, and each
   * token is encoded straight from it: the only allocation is the token string.
   */
  private static final class TokenBytes {
    private final SecureRandom random = newSecureRandom();
    private final byte[] buffer = new byte[TOKEN_BYTES * 32];
    private final byte[] text = new byte[TOKEN_CHARS];
    /** Where {@link #ulid} composes an id before it becomes a string. */
    final byte[] idText = new byte[64];
    private int next = buffer.length;

    String nextToken() {
      if (next + TOKEN_BYTES > buffer.length) {
        random.nextBytes(buffer);
        next = 0;
      }
      Base64Url.encode(buffer, next, TOKEN_BYTES, text);
      Arrays.fill(buffer, next, next + TOKEN_BYTES, (byte) 0);
      next += TOKEN_BYTES;
      String token = new String(text, StandardCharsets.ISO_8859_1);
      Arrays.fill(text, (byte) 0);
      return token;
    }
  }

  private IdSource() {}

  /** {@code cs_} + ULID. */
  static String sessionId(Instant now) {
    return ulid("cs_", now.toEpochMilli());
  }

  /** {@code evt_} + ULID. */
  static String eventId(Instant now) {
    return ulid("evt_", now.toEpochMilli());
  }

  /**
   * The id of a session's {@code created} event: {@code evt_} and the session's own ULID, so it is
   * unique (one created event per session) and known from the session alone; the in-memory store
   * relies on that to rebuild the event instead of keeping it.
   */
  static String createdEventId(String sessionId) {
    byte[] out = TOKEN_BYTES_OF_THREAD.get().idText; // composed here: one string, no garbage
    out[0] = 'e';
    out[1] = 'v';
    out[2] = 't';
    out[3] = '_';
    int n = sessionId.length() - 3; // after "cs_"
    for (int i = 0; i < n; i++) {
      out[4 + i] = (byte) sessionId.charAt(3 + i);
    }
    return new String(out, 0, 4 + n, StandardCharsets.ISO_8859_1);
  }

  /** {@code pa_} + ULID: a payment attempt, also the provider-side idempotency key. */
  static String attemptId(Instant now) {
    return ulid("pa_", now.toEpochMilli());
  }

  /** 192 unguessable bits, URL-safe. */
  static String hostedToken() {
    return TOKEN_BYTES_OF_THREAD.get().nextToken();
  }

  static String ulid(String prefix, long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long randHi = random.nextLong() & 0xFFFFL; // 16 bits
    long randLo = random.nextLong(); // 64 bits
    int p = prefix.length();
    byte[] out = TOKEN_BYTES_OF_THREAD.get().idText;
    for (int i = 0; i < p; i++) {
      out[i] = (byte) prefix.charAt(i);
    }
    long time = Math.max(0, epochMillis) & 0xFFFF_FFFF_FFFFL;
    // 48-bit time -> 10 chars (the first char carries 3 bits)
    for (int i = 9; i >= 0; i--) {
      out[p + i] = CROCKFORD[(int) (time & 31)];
      time >>>= 5;
    }
    // 80 random bits -> 16 chars: 16 high bits and 64 low bits as one 80-bit number
    for (int i = 25; i >= 10; i--) {
      out[p + i] = CROCKFORD[(int) (randLo & 31)];
      randLo = (randLo >>> 5) | ((randHi & 31) << 59);
      randHi >>>= 5;
    }
    return new String(out, 0, p + 26, StandardCharsets.ISO_8859_1);
  }

  private static SecureRandom newSecureRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
