package com.forjio.plugipay.engine;

import org.jspecify.annotations.Nullable;

/**
 * What text every store keeps exactly as given. Java strings are UTF-16 and may hold what no
 * database column holds: a lone surrogate (half of a pair, not a character) is written by the JDBC
 * drivers of MariaDB and PostgreSQL as {@code ?}, so two different keys would become one; and
 * PostgreSQL refuses U+0000 in text outright. The engine refuses both, in every string it stores,
 * before anything reaches a store; lookups by such a string find nothing without asking the store,
 * since nothing stored can hold one.
 *
 * <p>Account ids are stricter: they name a tenant, so one that differs from another only by
 * surrounding whitespace or an invisible control character would be an impersonation waiting to
 * happen. They may not start or end with whitespace nor contain control characters.
 */
final class StorableText {
  private StorableText() {}

  /** Why {@code s} cannot be stored as given, or null when it can. */
  static @Nullable String problem(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == '\u0000') {
        return "contains U+0000 at index " + i;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // a well-formed pair: one supplementary character
        } else {
          return "contains a lone surrogate (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
              + ") at index " + i + ", which is not a character";
        }
      }
    }
    return null;
  }

  /** True when {@code s} can be stored as given. */
  static boolean storable(String s) {
    return problem(s) == null;
  }

  /**
   * Refuses {@code value} of {@code param} with {@code validation_error} when it cannot be stored
   * as given; {@code what} names it in the message ({@code "metadata['k']"}).
   */
  static void require(String param, String what, String value) {
    String problem = problem(value);
    if (problem != null) {
      throw PlugipayException.invalid(param, what + " " + problem + "; only valid Unicode text"
          + " without U+0000 can be stored");
    }
  }

  /** Why {@code accountId} is not an account id, or null when it is one. */
  static @Nullable String accountIdProblem(String accountId) {
    if (accountId.isEmpty()) {
      return "is empty";
    }
    if (accountId.length() > 255) {
      return "is longer than 255 characters (" + accountId.length() + ")";
    }
    if (isSpace(accountId.codePointAt(0))
        || isSpace(accountId.codePointBefore(accountId.length()))) {
      return "starts or ends with whitespace";
    }
    for (int i = 0, n = accountId.length(); i < n; i++) {
      if (Character.isISOControl(accountId.charAt(i))) {
        return "contains a control character at index " + i;
      }
    }
    return problem(accountId);
  }

  private static boolean isSpace(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }
}
