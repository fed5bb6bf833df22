package com.forjio.plugipay.engine;

import java.nio.charset.StandardCharsets;

/**
 * Base64url without padding (RFC 4648, section 5) into a caller's buffer, for the strings the hot
 * path mints (hosted tokens, fingerprints), so that encoding allocates nothing; the JDK's encoder
 * returns a fresh array each time.
 */
final class Base64Url {
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(StandardCharsets.US_ASCII);

  private Base64Url() {}

  /**
   * Encodes {@code length} bytes of {@code in} from {@code offset} into {@code out}.
   *
   * @return the number of characters written: {@code ceil(length * 4 / 3)}
   */
  static int encode(byte[] in, int offset, int length, byte[] out) {
    int o = 0;
    int end = offset + length;
    int i = offset;
    for (; i + 3 <= end; i += 3) {
      int bits = (in[i] & 0xFF) << 16 | (in[i + 1] & 0xFF) << 8 | (in[i + 2] & 0xFF);
      out[o++] = ALPHABET[bits >>> 18];
      out[o++] = ALPHABET[(bits >>> 12) & 63];
      out[o++] = ALPHABET[(bits >>> 6) & 63];
      out[o++] = ALPHABET[bits & 63];
    }
    if (end - i == 1) {
      int bits = in[i] & 0xFF;
      out[o++] = ALPHABET[bits >>> 2];
      out[o++] = ALPHABET[(bits << 4) & 63];
    } else if (end - i == 2) {
      int bits = (in[i] & 0xFF) << 8 | (in[i + 1] & 0xFF);
      out[o++] = ALPHABET[bits >>> 10];
      out[o++] = ALPHABET[(bits >>> 4) & 63];
      out[o++] = ALPHABET[(bits << 2) & 63];
    }
    return o;
  }
}
