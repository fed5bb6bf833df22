package com.forjio.plugipay.engine.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The record of delivering one event to one endpoint.
 *
 * @param endpointId the endpoint
 * @param eventId the event (a redelivery carries the same id)
 * @param eventType its type
 * @param status where the delivery stands
 * @param attempts how many POSTs were tried (all of them, also those no longer in {@code history})
 * @param lastStatusCode the HTTP status of the last attempt, or null when it got none
 * @param lastError why the last attempt failed, or null
 * @param lastAttemptAt when the last attempt was made
 * @param history the last 20 attempts, oldest first
 */
public record WebhookDelivery(
    String endpointId,
    String eventId,
    String eventType,
    Status status,
    int attempts,
    @Nullable Integer lastStatusCode,
    @Nullable String lastError,
    Instant lastAttemptAt,
    List<Attempt> history) {

  /** Checks that nothing required is missing and copies the history. */
  public WebhookDelivery {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
    history = List.copyOf(history);
  }

  /**
   * One POST of a delivery.
   *
   * @param at when it was made
   * @param statusCode the HTTP status answered, or null when none came
   * @param error why it failed, or null when it succeeded
   */
  public record Attempt(Instant at, @Nullable Integer statusCode, @Nullable String error) {}

  /** Where a delivery stands. */
  public enum Status {
    /** Not delivered yet (no attempt, or failed so far); will be retried with backoff. */
    RETRYING,
    /** The endpoint answered 2xx. */
    DELIVERED,
    /** Every attempt failed; kept for {@link WebhookEndpoints#replay}. */
    FAILED
  }
}
