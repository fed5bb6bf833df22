package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One keyset page of an account's sessions for {@link SessionStore#list}.
 *
 * <p>The status filter is the status <em>as a reader sees it</em> at {@code now}: a session stored
 * {@code open} whose {@code expiresAt <= now} matches {@code expired}, not {@code open}. (The engine
 * then makes the expiry transition for each such session it returns.)
 *
 * @param accountId only this account's sessions
 * @param status the effective status filter, or null
 * @param customerId the customer filter, or null
 * @param limit the most sessions to return (the engine asks one more than the page size)
 * @param after continue strictly after this position in {@code order}, or null from the start
 * @param order {@code DESC}: newest first by {@code (createdAt, id)}; {@code ASC}: oldest first
 * @param createdAfter only sessions with {@code createdAt >= createdAfter}, or null
 * @param createdBefore only sessions with {@code createdAt < createdBefore}, or null
 * @param now the engine's clock, for the effective status
 */
public record ListQuery(
    String accountId,
    @Nullable CheckoutSessionStatus status,
    @Nullable String customerId,
    int limit,
    @Nullable SortKey after,
    Order order,
    @Nullable Instant createdAfter,
    @Nullable Instant createdBefore,
    Instant now) {
  /** Checks that nothing required is missing. */
  public ListQuery {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(now, "now");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
  }
}
