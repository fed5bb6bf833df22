package com.forjio.plugipay.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CheckoutSessions#create} needs to open a session. Built with {@link #builder()}; the
 * builder accepts anything and {@code create} validates everything in one place, so a bad value
 * surfaces as one {@code validation_error} naming the parameter as the builder spells it.
 *
 * @param amount amount in minor units; must be &gt; 0
 * @param currency required
 * @param methods the methods offered, non-empty, no duplicates, each served by a configured adapter
 * @param successUrl absolute http(s) URL, required
 * @param cancelUrl absolute http(s) URL, required
 * @param customerId optional; 1..255 characters when given
 * @param lineItems optional; when given, their sum must equal {@code amount}
 * @param expiresInSec optional lifetime in seconds, 60..2,592,000 (30 days); default 3,600
 * @param metadata optional; at most 50 keys of 1..40 characters, values up to 500 characters
 */
public record CheckoutSessionCreateParams(
    long amount,
    @Nullable Currency currency,
    List<@Nullable CheckoutMethod> methods,
    @Nullable String successUrl,
    @Nullable String cancelUrl,
    @Nullable String customerId,
    List<@Nullable LineItem> lineItems,
    @Nullable Integer expiresInSec,
    Map<String, String> metadata) {

  /**
   * Takes unmodifiable copies; null collections become empty; null elements, keys and values are
   * kept for validation to report. Copies without nulls are the JDK's immutable collections, which
   * a created session then shares instead of copying again; like the session's, the metadata copy
   * does not keep the given map's iteration order.
   */
  public CheckoutSessionCreateParams {
    methods = methods == null ? List.of() : immutableCopy(methods);
    lineItems = lineItems == null ? List.of() : immutableCopy(lineItems);
    metadata = metadata == null ? Map.of() : immutableCopy(metadata);
  }

  private static <T> List<T> immutableCopy(List<T> list) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        return Collections.unmodifiableList(new ArrayList<>(list));
      }
    }
    return List.copyOf(list);
  }

  private static Map<String, String> immutableCopy(Map<String, String> map) {
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
      }
    }
    return Map.copyOf(map);
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Mutable, unvalidated, not thread-safe; {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private long amount;
    private @Nullable Currency currency;
    private List<@Nullable CheckoutMethod> methods = List.of();
    private @Nullable String successUrl;
    private @Nullable String cancelUrl;
    private @Nullable String customerId;
    private List<@Nullable LineItem> lineItems = List.of();
    private @Nullable Integer expiresInSec;
    private Map<String, String> metadata = Map.of();

    private Builder() {}

    /** Amount in minor units (IDR 150,000.00 is {@code 15_000_000}). */
    public Builder amount(long amount) {
      this.amount = amount;
      return this;
    }

    /** The currency of the amount. */
    public Builder currency(@Nullable Currency currency) {
      this.currency = currency;
      return this;
    }

    /** The methods the customer may choose from, in display order. */
    public Builder methods(@Nullable CheckoutMethod... methods) {
      this.methods = methods == null ? List.of() : Arrays.asList(methods.clone());
      return this;
    }

    /** As {@link #methods(CheckoutMethod...)}, from a list. */
    public Builder methods(@Nullable List<@Nullable CheckoutMethod> methods) {
      this.methods = methods == null ? List.of() : new ArrayList<>(methods);
      return this;
    }

    /** Where the hosted page sends the customer after paying. */
    public Builder successUrl(@Nullable String successUrl) {
      this.successUrl = successUrl;
      return this;
    }

    /** Where the hosted page sends a customer who gives up. */
    public Builder cancelUrl(@Nullable String cancelUrl) {
      this.cancelUrl = cancelUrl;
      return this;
    }

    /** The merchant's customer reference. */
    public Builder customerId(@Nullable String customerId) {
      this.customerId = customerId;
      return this;
    }

    /** What is sold; the sum of {@code quantity * unitAmount} must equal the amount. */
    public Builder lineItems(@Nullable List<@Nullable LineItem> lineItems) {
      this.lineItems = lineItems == null ? List.of() : new ArrayList<>(lineItems);
      return this;
    }

    /** Lifetime in seconds (60..2,592,000; default 3,600). */
    public Builder expiresInSec(int expiresInSec) {
      this.expiresInSec = expiresInSec;
      return this;
    }

    /** The merchant's key/value pairs; set {@code order_id} to find the order from a webhook. */
    public Builder metadata(@Nullable Map<String, String> metadata) {
      this.metadata = metadata == null ? Map.of() : new LinkedHashMap<>(metadata);
      return this;
    }

    /** The parameters as set so far; nothing is validated here. */
    public CheckoutSessionCreateParams build() {
      return new CheckoutSessionCreateParams(amount, currency, methods, successUrl, cancelUrl,
          customerId, lineItems, expiresInSec, metadata);
    }
  }
}
