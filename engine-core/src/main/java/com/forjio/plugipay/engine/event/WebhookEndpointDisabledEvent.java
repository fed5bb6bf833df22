package com.forjio.plugipay.engine.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A webhook endpoint was disabled after 20 failed deliveries in a row spanning at least 24 hours.
 *
 * @param id {@code evt_} + ULID
 * @param accountId the endpoint's account ({@link WebhookEndpoint#accountId()}), or the engine's
 *     default account for an engine-wide endpoint
 * @param occurredAt when it was disabled
 * @param endpoint the endpoint, now inactive
 */
public record WebhookEndpointDisabledEvent(String id, String accountId, Instant occurredAt,
    WebhookEndpoint endpoint) implements Event {
  /** The event's type. */
  public static final String TYPE = "plugipay.webhook_endpoint.disabled.v1";

  /** Checks that nothing is missing. */
  public WebhookEndpointDisabledEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
