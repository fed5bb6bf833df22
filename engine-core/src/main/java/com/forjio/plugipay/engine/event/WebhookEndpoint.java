package com.forjio.plugipay.engine.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP endpoint that receives signed event deliveries.
 *
 * @param id {@code we_} + ULID
 * @param url where deliveries are POSTed
 * @param eventTypes the event types it receives; empty for all
 * @param active false once disabled (after 20 failed deliveries in a row spanning at least 24 h)
 * @param createdAt when it was registered
 */
public record WebhookEndpoint(String id, String url, Set<String> eventTypes, boolean active, Instant createdAt) {
  /** Checks that nothing is missing and copies the set. */
  public WebhookEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    eventTypes = Set.copyOf(eventTypes);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** True when this endpoint receives events of {@code type}. */
  public boolean receives(String type) {
    return active && (eventTypes.isEmpty() || eventTypes.contains(type));
  }
}
