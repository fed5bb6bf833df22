package com.forjio.plugipay.engine.event;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The record of delivering one event to one endpoint.
 *
 * @param endpointId the endpoint
 * @param eventId the event (a redelivery carries the same id)
 * @param eventType its type
 * @param status where the delivery stands
 * @param attempts how many POSTs were tried
 * @param lastStatusCode the HTTP status of the last attempt, or null when it got none
 * @param lastError why the last attempt failed, or null
 * @param lastAttemptAt when the last attempt was made
 */
public record WebhookDelivery(
    String endpointId,
    String eventId,
    String eventType,
    Status status,
    int attempts,
    @Nullable Integer lastStatusCode,
    @Nullable String lastError,
    Instant lastAttemptAt) {

  /** Checks that nothing required is missing. */
  public WebhookDelivery {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
  }

  /** Where a delivery stands. */
  public enum Status {
    /** Failed so far; will be retried with backoff. */
    RETRYING,
    /** The endpoint answered 2xx. */
    DELIVERED,
    /** Every attempt failed; kept for {@link WebhookEndpoints#replay}. */
    FAILED
  }
}
