package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.spi.SortKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque list cursor: base64url of {@code v1|account|order|seconds|nanos|id}, the position of
 * the last session of a page. It names its account and order, so a cursor of another account or the
 * other order is refused instead of silently positioning a page somewhere meaningless.
 */
final class ListCursor {
  private static final String VERSION = "v1";
  /**
   * The earliest creation time a list can meet: the start of year 1000, the earliest a MySQL
   * {@code DATETIME} holds (the narrowest of the stores' time columns).
   */
  static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
  /** The latest creation time a list can meet: the end of year 9999, as for {@link #EARLIEST}. */
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private ListCursor() {}

  static String encode(String accountId, Order order, SortKey position) {
    String raw = VERSION + '|' + accountId + '|' + order.wireName() + '|'
        + position.createdAt().getEpochSecond() + '|' + position.createdAt().getNano() + '|'
        + position.id();
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position a cursor names.
   *
   * @throws PlugipayException {@code validation_error} on {@code cursor} when it is malformed or
   *     belongs to another account or order
   */
  static SortKey decode(String cursor, String accountId, Order order) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    String[] parts = raw.split("\\|", -1);
    if (parts.length != 6 || !VERSION.equals(parts[0])) {
      throw malformed();
    }
    if (!parts[1].equals(accountId) || !parts[2].equals(order.wireName())) {
      throw PlugipayException.invalid("cursor",
          "the cursor belongs to another account or sort order; start again without a cursor");
    }
    try {
      long seconds = Long.parseLong(parts[3]);
      int nanos = Integer.parseInt(parts[4]);
      if (nanos < 0 || nanos > 999_999_999 || !isSessionId(parts[5])) {
        throw malformed();
      }
      Instant at = Instant.ofEpochSecond(seconds, nanos);
      if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
        throw malformed(); // no page ends there: forged
      }
      return new SortKey(at, parts[5]);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw malformed();
    }
  }

  /**
   * The shape of the ids the engine gives sessions ({@code cs_} and 26 characters of Crockford's
   * base 32): a forged cursor can carry anything else, which no store should be asked to compare.
   */
  private static boolean isSessionId(String id) {
    if (id.length() != 29 || !id.startsWith("cs_")) {
      return false;
    }
    for (int i = 3; i < 29; i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  private static PlugipayException malformed() {
    return PlugipayException.invalid("cursor",
        "the cursor is malformed; pass back the cursor of a previous page unchanged");
  }
}
