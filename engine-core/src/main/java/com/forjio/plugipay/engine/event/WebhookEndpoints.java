package com.forjio.plugipay.engine.event;

import java.util.List;
import java.util.Set;

/**
 * HTTP webhook endpoints of an engine ({@code engine.webhooks()}). Each event is POSTed as JSON (the
 * shape the Plugipay SDKs parse, see {@link EventJson}) with {@code X-Plugipay-Signature}, in order per
 * session; a failed delivery is retried with exponential backoff up to the engine's limit, then marked
 * failed (listed by {@link #failedDeliveries()}, replayable). An endpoint that fails 20 times in a row
 * over at least 24 hours is disabled and a {@code plugipay.webhook_endpoint.disabled.v1} event goes to
 * the in-process listeners. Registrations live in this engine's memory. Thread-safe.
 */
public interface WebhookEndpoints {

  /**
   * Registers an endpoint.
   *
   * @param url an absolute http(s) URL
   * @param secret the signing secret (at least 16 characters)
   * @param eventTypes the event types it receives; empty for all
   * @throws com.forjio.plugipay.engine.PlugipayException {@code validation_error} naming the bad
   *     parameter
   */
  WebhookEndpoint register(String url, String secret, Set<String> eventTypes);

  /** Every registered endpoint, active or disabled. */
  List<WebhookEndpoint> list();

  /** The deliveries to one endpoint, oldest first. */
  List<WebhookDelivery> deliveries(String endpointId);

  /** Deliveries that exhausted their attempts, oldest first. */
  List<WebhookDelivery> failedDeliveries();

  /**
   * Sends a failed delivery again, now (one more round of attempts).
   *
   * @throws com.forjio.plugipay.engine.PlugipayException {@code not_found} when no failed delivery
   *     of that event to that endpoint exists
   */
  WebhookDelivery replay(String endpointId, String eventId);
}
