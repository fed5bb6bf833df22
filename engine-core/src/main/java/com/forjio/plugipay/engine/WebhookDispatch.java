package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.EventJson;
import com.forjio.plugipay.engine.event.EventListener;
import com.forjio.plugipay.engine.event.EventSubscriptions.Subscription;
import com.forjio.plugipay.engine.event.WebhookDelivery;
import com.forjio.plugipay.engine.event.WebhookEndpoint;
import com.forjio.plugipay.engine.event.WebhookEndpointDisabledEvent;
import com.forjio.plugipay.engine.event.WebhookEndpoints;
import com.forjio.plugipay.engine.event.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP webhook delivery, built on the outbox dispatcher: every endpoint is one in-process listener,
 * so deliveries inherit the dispatcher's guarantees (at least once, in order per session, exponential
 * backoff with a cap, one failing endpoint never holding up another). This class adds the HTTP POST
 * with its signature, the record of every attempt, the give-up after the configured attempts (the
 * delivery is then failed and replayable, and the session's next event may go), and disabling an
 * endpoint that failed 20 times in a row over at least 24 hours.
 */
final class WebhookDispatch implements WebhookEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger("com.forjio.plugipay.engine.webhooks");
  static final int DISABLE_AFTER_FAILURES = 20;
  static final Duration DISABLE_AFTER_SPAN = Duration.ofHours(24);

  private final OutboxDispatcher dispatcher;
  private final Clock clock;
  private final String accountId;
  private final int maxAttempts;
  /** Created with the first endpoint: an engine without webhooks runs no HTTP client thread. */
  private volatile @Nullable HttpClient http;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  WebhookDispatch(OutboxDispatcher dispatcher, Clock clock, String accountId, int maxAttempts) {
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.accountId = accountId;
    this.maxAttempts = maxAttempts;
  }

  @Override
  public WebhookEndpoint register(String url, String secret, Set<String> eventTypes) {
    if (url == null || !CreateValidation.isHttpUrl(url)) {
      throw PlugipayException.invalid("url", "a webhook URL must be an absolute http(s) URL, was " + url);
    }
    if (secret == null || secret.length() < 16) {
      throw PlugipayException.invalid("secret", "a webhook secret needs at least 16 characters");
    }
    synchronized (this) {
      if (http == null) {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
      }
    }
    Instant now = clock.instant();
    WebhookEndpoint endpoint = new WebhookEndpoint(IdSource.ulid("we_", now.toEpochMilli()), url,
        eventTypes == null ? Set.of() : eventTypes, true, now);
    Endpoint e = new Endpoint(endpoint, secret);
    endpoints.put(endpoint.id(), e);
    e.subscription = dispatcher.subscribe(e);
    return endpoint;
  }

  @Override
  public List<WebhookEndpoint> list() {
    List<WebhookEndpoint> all = new ArrayList<>();
    endpoints.values().forEach(e -> all.add(e.endpoint));
    all.sort(Comparator.comparing(WebhookEndpoint::createdAt).thenComparing(WebhookEndpoint::id));
    return all;
  }

  @Override
  public List<WebhookDelivery> deliveries(String endpointId) {
    Endpoint e = endpointId == null ? null : endpoints.get(endpointId);
    if (e == null) {
      throw new PlugipayException(ErrorCode.NOT_FOUND, "endpointId", "no webhook endpoint " + endpointId);
    }
    List<WebhookDelivery> out = new ArrayList<>();
    e.deliveries.values().forEach(d -> out.add(d.snapshot));
    out.sort(Comparator.comparing(WebhookDelivery::lastAttemptAt).thenComparing(WebhookDelivery::eventId));
    return out;
  }

  @Override
  public List<WebhookDelivery> failedDeliveries() {
    List<WebhookDelivery> out = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      e.deliveries.values().stream().map(d -> d.snapshot)
          .filter(d -> d.status() == WebhookDelivery.Status.FAILED).forEach(out::add);
    }
    out.sort(Comparator.comparing(WebhookDelivery::lastAttemptAt));
    return out;
  }

  @Override
  public WebhookDelivery replay(String endpointId, String eventId) {
    Endpoint e = endpointId == null ? null : endpoints.get(endpointId);
    Delivery d = e == null || eventId == null ? null : e.deliveries.get(eventId);
    if (d == null || d.snapshot.status() != WebhookDelivery.Status.FAILED) {
      throw new PlugipayException(ErrorCode.NOT_FOUND, "eventId",
          "no failed delivery of " + eventId + " to " + endpointId);
    }
    e.attempt(d);
    return d.snapshot;
  }

  private HttpClient client() {
    HttpClient c = http;
    if (c == null) {
      throw new IllegalStateException("no endpoint was registered");
    }
    return c;
  }

  /** One endpoint: its listener, its deliveries and its run of failures. */
  private final class Endpoint implements EventListener {
    volatile WebhookEndpoint endpoint;
    final String secret;
    final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    @Nullable Subscription subscription;
    int consecutiveFailures;
    @Nullable Instant firstFailureAt;

    Endpoint(WebhookEndpoint endpoint, String secret) {
      this.endpoint = endpoint;
      this.secret = secret;
    }

    @Override
    public void onEvent(Event event) throws Exception {
      if (!(event instanceof CheckoutSessionEvent) || !endpoint.receives(event.type())) {
        return;
      }
      Delivery d = deliveries.computeIfAbsent(event.id(), id -> new Delivery(event));
      if (d.snapshot.status() != WebhookDelivery.Status.RETRYING) {
        return; // delivered, or given up on (replay() sends it again)
      }
      if (!attempt(d) && d.snapshot.status() == WebhookDelivery.Status.RETRYING) {
        throw new IOException("delivery of " + event.id() + " to " + endpoint.url() + " failed: "
            + d.snapshot.lastError()); // the dispatcher retries with backoff
      }
    }

    /** One POST; records the outcome; true when delivered. */
    synchronized boolean attempt(Delivery d) {
      Instant now = clock.instant();
      long t = now.getEpochSecond();
      Integer status = null;
      String error = null;
      try {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("User-Agent", "plugipay-engine")
            .header(WebhookSigner.HEADER, WebhookSigner.sign(d.body, secret, t))
            .POST(HttpRequest.BodyPublishers.ofByteArray(d.body)).build();
        HttpResponse<Void> response = client().send(request, HttpResponse.BodyHandlers.discarding());
        status = response.statusCode();
        if (status / 100 != 2) {
          error = "HTTP " + status;
        }
      } catch (IOException | IllegalArgumentException e) {
        error = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
      }
      int attempts = d.snapshot.attempts() + 1;
      boolean ok = error == null;
      WebhookDelivery.Status next = ok ? WebhookDelivery.Status.DELIVERED
          : attempts % maxAttempts == 0 ? WebhookDelivery.Status.FAILED : WebhookDelivery.Status.RETRYING;
      List<WebhookDelivery.Attempt> history = new ArrayList<>(d.snapshot.history());
      history.add(new WebhookDelivery.Attempt(now, status, error));
      d.snapshot = new WebhookDelivery(endpoint.id(), d.snapshot.eventId(), d.snapshot.eventType(),
          next, attempts, status, error, now, history);
      LOG.info("webhook {} {} -> {}: {}", d.snapshot.eventType(), d.snapshot.eventId(), endpoint.url(),
          ok ? "delivered (" + status + ")" : next + " after attempt " + attempts + " (" + error + ")");
      if (ok) {
        consecutiveFailures = 0;
        firstFailureAt = null;
      } else {
        if (consecutiveFailures++ == 0) {
          firstFailureAt = now;
        }
        if (consecutiveFailures >= DISABLE_AFTER_FAILURES && firstFailureAt != null
            && !Duration.between(firstFailureAt, now).minus(DISABLE_AFTER_SPAN).isNegative()) {
          disable(now);
        }
      }
      return ok;
    }

    private void disable(Instant now) {
      if (!endpoint.active()) {
        return;
      }
      endpoint = new WebhookEndpoint(endpoint.id(), endpoint.url(), endpoint.eventTypes(), false,
          endpoint.createdAt());
      if (subscription != null) {
        subscription.close();
      }
      LOG.warn("webhook endpoint {} ({}) disabled after {} failed deliveries in a row since {}",
          endpoint.id(), endpoint.url(), consecutiveFailures, firstFailureAt);
      dispatcher.publishDirect(new WebhookEndpointDisabledEvent(IdSource.eventId(now), accountId,
          now, endpoint));
    }
  }

  /** One event on its way to one endpoint. */
  private static final class Delivery {
    final byte[] body;
    volatile WebhookDelivery snapshot;

    Delivery(Event event) {
      this.body = EventJson.toJson(event);
      this.snapshot = new WebhookDelivery("", event.id(), event.type(), WebhookDelivery.Status.RETRYING,
          0, null, null, Instant.EPOCH, List.of());
    }
  }
}
