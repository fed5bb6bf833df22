package com.forjio.plugipay.engine.event;

import java.util.List;
import java.util.Set;

/**
 * HTTP webhook endpoints of one account ({@code engine.forAccount(a).webhooks()}; the default
 * account's are {@code engine.webhooks()}) or engine-wide ({@code engine.allAccountWebhooks()}). An
 * account's endpoint receives only that account's events ({@link Event#accountId()} equal, byte for
 * byte); an engine-wide endpoint receives every account's. Each view lists, shows and replays only
 * the endpoints of its own scope: another scope's endpoint id answers {@code not_found}, exactly as an
 * id that never existed. A read-only view ({@code forAccount(a).readOnly().webhooks()}) reads, and
 * answers {@code forbidden} to {@link #register} and {@link #replay}.
 *
 * <p>Each event is POSTed as JSON (the shape the Plugipay SDKs parse, see {@link EventJson}) with
 * {@code X-Plugipay-Signature}, in order per session; a failed delivery is retried with exponential
 * backoff up to the engine's limit, then marked failed (listed by {@link #failedDeliveries()},
 * replayable). Delivery is at least once: a receiver deduplicates by event id. An endpoint that fails
 * 20 times in a row over at least 24 hours is disabled and a
 * {@code plugipay.webhook_endpoint.disabled.v1} event goes to the in-process listeners.
 *
 * <p>Registrations live in this engine's memory. The delivery history is bounded per endpoint by
 * count and age ({@code PlugipayEngine.Builder.webhookDeliveryRetention}; by default 10,000 deliveries
 * and 30 days), each delivery keeping its last 20 attempts. Thread-safe.
 */
public interface WebhookEndpoints {

  /**
   * Registers an endpoint of this view's scope.
   *
   * @param url an absolute http(s) URL
   * @param secret the signing secret (at least 16 characters)
   * @param eventTypes the event types it receives; empty for all
   * @throws com.forjio.plugipay.engine.PlugipayException {@code validation_error} naming the bad
   *     parameter; {@code forbidden} on a read-only view
   */
  WebhookEndpoint register(String url, String secret, Set<String> eventTypes);

  /** Every endpoint of this view's scope, active or disabled, oldest first. */
  List<WebhookEndpoint> list();

  /**
   * The deliveries kept for one endpoint of this view's scope, oldest last attempt first.
   *
   * @throws com.forjio.plugipay.engine.PlugipayException {@code not_found} when this scope has no
   *     endpoint of that id
   */
  List<WebhookDelivery> deliveries(String endpointId);

  /** Deliveries to this scope's endpoints that exhausted their attempts, oldest first. */
  List<WebhookDelivery> failedDeliveries();

  /**
   * POSTs a failed delivery once more, now: it is then delivered, or failed again (and still
   * replayable).
   *
   * @throws com.forjio.plugipay.engine.PlugipayException {@code not_found} when no failed delivery
   *     of that event to an endpoint of this scope is kept; {@code forbidden} on a read-only view
   */
  WebhookDelivery replay(String endpointId, String eventId);
}
