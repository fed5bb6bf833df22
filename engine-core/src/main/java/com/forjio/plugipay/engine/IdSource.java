package com.forjio.plugipay.engine;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Mints identifiers and hosted-page tokens.
 *
 * <p>Ids are a prefix plus a ULID: 48 bits of milliseconds from the engine's clock and 80 random
 * bits, in Crockford base32 (26 characters), so ids sort roughly by creation time. They are
 * identifiers, not secrets, and use {@link ThreadLocalRandom}. Hosted tokens are secrets: 192 bits
 * from a per-thread DRBG {@link SecureRandom} (drawn in blocks), base64url without padding (32
 * characters), so minting one takes no lock shared between threads and no system call.
 */
final class IdSource {
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int TOKEN_BYTES = 24;
  private static final Base64.Encoder TOKEN_ENCODING = Base64.getUrlEncoder().withoutPadding();
  private static final ThreadLocal<TokenBytes> TOKEN_BYTES_OF_THREAD =
      ThreadLocal.withInitial(TokenBytes::new);

  /**
   * Per-thread secure random bytes drawn 32 tokens at a time: one DRBG call instead of one per
   * token, so the cost of a call is amortised. Handed-out bytes are zeroed in the buffer.
   */
  private static final class TokenBytes {
    private final SecureRandom random = newSecureRandom();
    private final byte[] buffer = new byte[TOKEN_BYTES * 32];
    private int next = buffer.length;

    void fill(byte[] out) {
      if (next + out.length > buffer.length) {
        random.nextBytes(buffer);
        next = 0;
      }
      System.arraycopy(buffer, next, out, 0, out.length);
      java.util.Arrays.fill(buffer, next, next + out.length, (byte) 0);
      next += out.length;
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

  /** {@code pa_} + ULID: a payment attempt, also the provider-side idempotency key. */
  static String attemptId(Instant now) {
    return ulid("pa_", now.toEpochMilli());
  }

  /** 192 unguessable bits, URL-safe. */
  static String hostedToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    TOKEN_BYTES_OF_THREAD.get().fill(bytes);
    return TOKEN_ENCODING.encodeToString(bytes);
  }

  static String ulid(String prefix, long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long randHi = random.nextLong() & 0xFFFFL; // 16 bits
    long randLo = random.nextLong(); // 64 bits
    char[] out = new char[prefix.length() + 26];
    prefix.getChars(0, prefix.length(), out, 0);
    int p = prefix.length();
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
    return new String(out);
  }

  private static SecureRandom newSecureRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
