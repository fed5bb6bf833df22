package com.forjio.plugipay.engine.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP endpoint that receives signed event deliveries.
 *
 * @param id {@code we_} + ULID
 * @param url where deliveries are POSTed
 * @param eventTypes the event types it receives; empty for all
 * @param active false once disabled (after 20 failed deliveries in a row spanning at least 24 h)
 * @param createdAt when it was registered
 * @param accountId the account whose events it receives (compared byte for byte with
 *     {@link Event#accountId()}), or null for an engine-wide endpoint that receives every account's
 *     events (registered through {@code engine.allAccountWebhooks()} only)
 */
public record WebhookEndpoint(String id, String url, Set<String> eventTypes, boolean active,
    Instant createdAt, @Nullable String accountId) {
  /** Checks that nothing is missing and copies the set. */
  public WebhookEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    eventTypes = Set.copyOf(eventTypes);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** True when this endpoint receives events of {@code type} (of the accounts it covers). */
  public boolean receives(String type) {
    return active && (eventTypes.isEmpty() || eventTypes.contains(type));
  }

  /**
   * True when this endpoint receives {@code event}: it is active, takes the event's type, and belongs
   * to the event's account or to every account.
   */
  public boolean receives(Event event) {
    return receives(event.type()) && (accountId == null || accountId.equals(event.accountId()));
  }

  /** True for an endpoint that receives every account's events. */
  public boolean isEngineWide() {
    return accountId == null;
  }
}
