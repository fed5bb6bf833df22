package com.forjio.plugipay.engine;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one place where create parameters are checked. Every rule answers a {@code validation_error}
 * naming the parameter as the builder spells it; the first broken rule wins, in the order of the
 * builder's fields. Nothing is stored before this passes, so a corrected retry with the same
 * idempotency key succeeds.
 */
final class CreateValidation {
  static final int DEFAULT_EXPIRES_IN_SEC = 3_600;
  static final int MIN_EXPIRES_IN_SEC = 60;
  static final int MAX_EXPIRES_IN_SEC = 2_592_000;
  static final int MAX_METADATA_KEYS = 50;
  static final int MAX_METADATA_KEY_LENGTH = 40;
  static final int MAX_METADATA_VALUE_LENGTH = 500;
  static final int MAX_ID_LENGTH = 255;
  static final int MAX_URL_LENGTH = 2_048;
  static final int MAX_LINE_ITEMS = 100;
  static final int MAX_LINE_ITEM_NAME_LENGTH = 255;
  /**
   * The largest amount, line-item total or sum accepted: 2^53 - 1, the largest integer a JSON
   * number keeps exactly in JavaScript ({@code Number.MAX_SAFE_INTEGER}), where the Plugipay SDKs
   * read events and sessions.
   */
  static final long MAX_AMOUNT = (1L << 53) - 1;

  private CreateValidation() {}

  /**
   * Checks {@code params} against the rules and the engine's routing.
   *
   * @return the effective lifetime in seconds
   */
  static int validate(@Nullable CheckoutSessionCreateParams params, AdapterRouting routing) {
    if (params == null) {
      throw PlugipayException.invalid("params", "create parameters are required");
    }
    if (params.amount() <= 0 || params.amount() > MAX_AMOUNT) {
      throw PlugipayException.invalid("amount", "amount must be a positive number of minor units"
          + " of at most " + MAX_AMOUNT + " (2^53 - 1, what JSON clients keep exactly), was "
          + params.amount());
    }
    Currency currency = params.currency();
    if (currency == null) {
      throw PlugipayException.invalid("currency", "currency is required (IDR or USD)");
    }
    checkMethods(params.methods(), currency, routing);
    checkUrl("successUrl", params.successUrl());
    checkUrl("cancelUrl", params.cancelUrl());
    checkCustomerId(params.customerId());
    checkLineItems(params.lineItems(), params.amount());
    int expiresInSec = checkExpiresIn(params.expiresInSec());
    checkMetadata(params.metadata());
    return expiresInSec;
  }

  /** An explicit idempotency key is 1..255 characters. */
  static void checkIdempotencyKey(@Nullable String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_ID_LENGTH) {
      throw PlugipayException.invalid("idempotencyKey", "an idempotency key must be 1.."
          + MAX_ID_LENGTH + " characters, was " + (key == null ? "null" : key.length() + " characters"));
    }
    StorableText.require("idempotencyKey", "the idempotency key", key);
  }

  private static void checkMethods(List<@Nullable CheckoutMethod> methods, Currency currency,
      AdapterRouting routing) {
    if (methods.isEmpty()) {
      throw PlugipayException.invalid("methods", "at least one payment method is required");
    }
    long seen = 0; // one bit per method ordinal (there are far fewer than 64 methods)
    for (int i = 0; i < methods.size(); i++) {
      CheckoutMethod m = methods.get(i);
      if (m == null) {
        throw PlugipayException.invalid("methods", "methods must not contain null");
      }
      long bit = 1L << m.ordinal();
      if ((seen & bit) != 0) {
        throw PlugipayException.invalid("methods", "method " + m.wireName() + " is listed twice");
      }
      seen |= bit;
      String problem = routing.whyNotServed(m, currency);
      if (problem != null) {
        throw PlugipayException.invalid("methods", problem);
      }
    }
  }

  private static void checkUrl(String param, @Nullable String url) {
    if (url == null || url.isBlank()) {
      throw PlugipayException.invalid(param, param + " is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw PlugipayException.invalid(param,
          param + " must be at most " + MAX_URL_LENGTH + " characters, was " + url.length());
    }
    if (!isHttpUrl(url)) {
      throw PlugipayException.invalid(param,
          param + " must be an absolute http(s) URL, was '" + url + "'");
    }
    StorableText.require(param, param, url);
  }

  /**
   * One pass over the string: {@code http://} or {@code https://} (any case), a host of letters,
   * digits, dots and hyphens (or a bracketed IPv6 literal) with an optional port, then any characters
   * a URI allows (no spaces, controls or {@code <>"{}|\^`}, and well-formed {@code %XX} escapes).
   * Stricter than {@link URI} about hosts (no user info), and much cheaper on the create path.
   */
  static boolean isHttpUrl(String url) {
    int i;
    if (url.regionMatches(true, 0, "https://", 0, 8)) {
      i = 8;
    } else if (url.regionMatches(true, 0, "http://", 0, 7)) {
      i = 7;
    } else {
      return false;
    }
    int n = url.length();
    int hostStart = i;
    if (i < n && url.charAt(i) == '[') {
      int close = url.indexOf(']', i);
      if (close < 0) {
        return false;
      }
      for (int j = i + 1; j < close; j++) {
        char c = url.charAt(j);
        if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
          return false;
        }
      }
      i = close + 1;
    } else {
      while (i < n) {
        char c = url.charAt(i);
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
          i++;
        } else {
          break;
        }
      }
      if (i == hostStart || url.charAt(hostStart) == '.' || url.charAt(hostStart) == '-') {
        return false;
      }
    }
    if (i < n && url.charAt(i) == ':') {
      int portStart = ++i;
      while (i < n && url.charAt(i) >= '0' && url.charAt(i) <= '9') {
        i++;
      }
      if (i == portStart || i - portStart > 5) {
        return false;
      }
    }
    if (i < n && "/?#".indexOf(url.charAt(i)) < 0) {
      return false;
    }
    for (; i < n; i++) {
      char c = url.charAt(i);
      if (c < 128 && !URI_CHAR[c]) {
        return false;
      }
      if (c == '%') {
        if (i + 2 >= n || Character.digit(url.charAt(i + 1), 16) < 0
            || Character.digit(url.charAt(i + 2), 16) < 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The ASCII characters allowed after the authority: no controls, space or {@code <>"{}|\^`}
   * (characters beyond ASCII are allowed).
   */
  private static final boolean[] URI_CHAR = new boolean[128];

  static {
    for (char c = '!'; c < 127; c++) {
      URI_CHAR[c] = "<>\"{}|\\^`".indexOf(c) < 0;
    }
  }

  private static void checkCustomerId(@Nullable String customerId) {
    if (customerId == null) {
      return;
    }
    if (customerId.isBlank() || customerId.length() > MAX_ID_LENGTH) {
      throw PlugipayException.invalid("customerId",
          "customerId must be 1.." + MAX_ID_LENGTH + " non-blank characters when given");
    }
    StorableText.require("customerId", "customerId", customerId);
  }

  private static void checkLineItems(List<@Nullable LineItem> items, long amount) {
    if (items.isEmpty()) {
      return;
    }
    if (items.size() > MAX_LINE_ITEMS) {
      throw PlugipayException.invalid("lineItems",
          "at most " + MAX_LINE_ITEMS + " line items, was " + items.size());
    }
    long sum = 0;
    for (int i = 0; i < items.size(); i++) {
      LineItem item = items.get(i);
      if (item == null) {
        throw PlugipayException.invalid("lineItems", "lineItems[" + i + "] is null");
      }
      if (item.name() == null || item.name().isBlank()
          || item.name().length() > MAX_LINE_ITEM_NAME_LENGTH) {
        throw PlugipayException.invalid("lineItems",
            "lineItems[" + i + "].name must be 1.." + MAX_LINE_ITEM_NAME_LENGTH + " non-blank characters");
      }
      StorableText.require("lineItems", "lineItems[" + i + "].name", item.name());
      if (item.quantity() <= 0) {
        throw PlugipayException.invalid("lineItems",
            "lineItems[" + i + "].quantity must be positive, was " + item.quantity());
      }
      if (item.unitAmount() < 0) {
        throw PlugipayException.invalid("lineItems",
            "lineItems[" + i + "].unitAmount must not be negative, was " + item.unitAmount());
      }
      // Each factor, product and partial sum stays within MAX_AMOUNT, so none of them overflows.
      if (item.quantity() > MAX_AMOUNT || item.unitAmount() > MAX_AMOUNT
          || item.unitAmount() != 0 && item.quantity() > MAX_AMOUNT / item.unitAmount()
          || sum > MAX_AMOUNT - item.quantity() * item.unitAmount()) {
        throw PlugipayException.invalid("lineItems", "the line items' total exceeds " + MAX_AMOUNT
            + " (2^53 - 1, what JSON clients keep exactly) at lineItems[" + i + "]");
      }
      sum += item.quantity() * item.unitAmount();
    }
    if (sum != amount) {
      throw PlugipayException.invalid("lineItems",
          "the line items add up to " + sum + " but amount is " + amount);
    }
  }

  private static int checkExpiresIn(@Nullable Integer expiresInSec) {
    if (expiresInSec == null) {
      return DEFAULT_EXPIRES_IN_SEC;
    }
    if (expiresInSec < MIN_EXPIRES_IN_SEC || expiresInSec > MAX_EXPIRES_IN_SEC) {
      throw PlugipayException.invalid("expiresInSec", "expiresInSec must be " + MIN_EXPIRES_IN_SEC
          + ".." + MAX_EXPIRES_IN_SEC + ", was " + expiresInSec);
    }
    return expiresInSec;
  }

  private static void checkMetadata(Map<String, String> metadata) {
    if (metadata.size() > MAX_METADATA_KEYS) {
      throw PlugipayException.invalid("metadata",
          "metadata holds at most " + MAX_METADATA_KEYS + " keys, was " + metadata.size());
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isBlank() || key.length() > MAX_METADATA_KEY_LENGTH) {
        throw PlugipayException.invalid("metadata", "metadata keys must be 1.."
            + MAX_METADATA_KEY_LENGTH + " non-blank characters, was '" + key + "'");
      }
      StorableText.require("metadata", "a metadata key", key);
      String value = e.getValue();
      if (value == null) {
        throw PlugipayException.invalid("metadata", "metadata['" + key + "'] is null");
      }
      if (value.length() > MAX_METADATA_VALUE_LENGTH) {
        throw PlugipayException.invalid("metadata", "metadata['" + key + "'] must be at most "
            + MAX_METADATA_VALUE_LENGTH + " characters, was " + value.length());
      }
      StorableText.require("metadata", "metadata['" + key + "']", value);
    }
  }
}
