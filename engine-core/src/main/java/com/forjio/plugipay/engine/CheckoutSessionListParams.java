package com.forjio.plugipay.engine;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Filters and paging for {@link CheckoutSessions#list(CheckoutSessionListParams)}. Built with
 * {@link #builder()}; validated by {@code list} ({@code limit} outside 1..100, or a cursor that is
 * malformed or belongs to another account or order, is a {@code validation_error}).
 *
 * @param status only sessions in this status (as a reader sees it: an open session past its expiry
 *     counts as expired), or null for all
 * @param customerId only this customer's sessions, or null for all
 * @param limit page size 1..100, null for the default of 50
 * @param cursor the {@link Page#cursor()} of the previous page, or null for the first page
 * @param order {@link Order#DESC} (newest first, the default) or {@link Order#ASC}
 * @param createdAfter only sessions created at or after this instant, or null
 * @param createdBefore only sessions created strictly before this instant, or null
 */
public record CheckoutSessionListParams(
    @Nullable CheckoutSessionStatus status,
    @Nullable String customerId,
    @Nullable Integer limit,
    @Nullable String cursor,
    Order order,
    @Nullable Instant createdAfter,
    @Nullable Instant createdBefore) {

  /** The default page size, as the product documents it. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest page size. */
  public static final int MAX_LIMIT = 100;

  /** A null order means the default, newest first. */
  public CheckoutSessionListParams {
    order = order == null ? Order.DESC : order;
  }

  /** Sort order by {@code (createdAt, id)}. */
  public enum Order {
    /** Oldest first. */
    ASC("asc"),
    /** Newest first (the default). */
    DESC("desc");

    private final String wireName;

    Order(String wireName) {
      this.wireName = wireName;
    }

    /** {@code asc} or {@code desc}. */
    public String wireName() {
      return wireName;
    }
  }

  /** A builder with no filter: the first page, newest first, 50 per page. */
  public static Builder builder() {
    return new Builder();
  }

  /** Mutable, unvalidated, not thread-safe. */
  public static final class Builder {
    private @Nullable CheckoutSessionStatus status;
    private @Nullable String customerId;
    private @Nullable Integer limit;
    private @Nullable String cursor;
    private Order order = Order.DESC;
    private @Nullable Instant createdAfter;
    private @Nullable Instant createdBefore;

    private Builder() {}

    /** Only sessions in this status. */
    public Builder status(@Nullable CheckoutSessionStatus status) {
      this.status = status;
      return this;
    }

    /** Only this customer's sessions. */
    public Builder customerId(@Nullable String customerId) {
      this.customerId = customerId;
      return this;
    }

    /** Page size, 1..100 (default 50). */
    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    /** Continue after the page that returned this cursor. */
    public Builder cursor(@Nullable String cursor) {
      this.cursor = cursor;
      return this;
    }

    /** Newest first ({@link Order#DESC}, default) or oldest first. */
    public Builder order(@Nullable Order order) {
      this.order = order == null ? Order.DESC : order;
      return this;
    }

    /** Only sessions created at or after this instant. */
    public Builder createdAfter(@Nullable Instant createdAfter) {
      this.createdAfter = createdAfter;
      return this;
    }

    /** Only sessions created strictly before this instant. */
    public Builder createdBefore(@Nullable Instant createdBefore) {
      this.createdBefore = createdBefore;
      return this;
    }

    /** The parameters as set; nothing is validated here. */
    public CheckoutSessionListParams build() {
      return new CheckoutSessionListParams(
          status, customerId, limit, cursor, order, createdAfter, createdBefore);
    }
  }
}
