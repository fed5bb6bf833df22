package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.DeliveryHistory.Delivery;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.EventListener;
import com.forjio.plugipay.engine.event.EventSubscriptions.Subscription;
import com.forjio.plugipay.engine.event.WebhookDelivery;
import com.forjio.plugipay.engine.event.WebhookDelivery.Status;
import com.forjio.plugipay.engine.event.WebhookEndpoint;
import com.forjio.plugipay.engine.event.WebhookEndpointDisabledEvent;
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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP webhook delivery, built on the outbox dispatcher: every endpoint is one in-process listener,
 * so deliveries inherit the dispatcher's guarantees (at least once, in order per session, exponential
 * backoff with a cap, one failing endpoint never making another receive an event twice). This class
 * adds the HTTP POST with its signature, the record of attempts ({@link DeliveryHistory}, bounded by
 * count and age), the give-up after the configured attempts (the delivery is then failed and
 * replayable, and the session's next event may go), and disabling an endpoint that failed 20 times in
 * a row over at least 24 hours.
 *
 * <h2>Whose events</h2>
 * One registry per engine holds every endpoint; each belongs to an account
 * ({@link WebhookEndpoint#accountId()}) and receives only that account's events, compared byte for
 * byte, or, registered through the engine-wide view, to no account and receives all of them. The
 * API is {@link AccountWebhooks}, a view of one scope (an account, or engine-wide): every lookup
 * through it finds only endpoints of exactly that scope, and answers {@code not_found} for the others
 * as for ids that never existed, so a view never reveals another account's endpoints.
 *
 * <p>The POST runs outside every lock: a slow endpoint holds up only the delivery thread posting to
 * it, not reads of its history nor other endpoints' bookkeeping.
 */
final class WebhookDispatch {
  private static final Logger LOG = LoggerFactory.getLogger("com.forjio.plugipay.engine.webhooks");
  static final int DISABLE_AFTER_FAILURES = 20;
  static final Duration DISABLE_AFTER_SPAN = Duration.ofHours(24);

  private final OutboxDispatcher dispatcher;
  private final Clock clock;
  private final String defaultAccountId;
  private final int maxAttempts;
  private final int maxKept;
  private final Duration maxAge;
  /** Created with the first endpoint: an engine without webhooks runs no HTTP client thread. */
  private volatile @Nullable HttpClient http;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  WebhookDispatch(OutboxDispatcher dispatcher, Clock clock, String defaultAccountId, int maxAttempts,
      int maxKept, Duration maxAge) {
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.defaultAccountId = defaultAccountId;
    this.maxAttempts = maxAttempts;
    this.maxKept = maxKept;
    this.maxAge = maxAge;
  }

  /** Registers an endpoint of {@code accountId}, or engine-wide when it is null. */
  WebhookEndpoint register(@Nullable String accountId, @Nullable String url, @Nullable String secret,
      @Nullable Set<String> eventTypes) {
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
        eventTypes == null ? Set.of() : eventTypes, true, now, accountId);
    Endpoint e = new Endpoint(endpoint, secret);
    endpoints.put(endpoint.id(), e);
    e.subscription = dispatcher.subscribe(e);
    return endpoint;
  }

  /** The endpoints of exactly this scope, oldest first. */
  List<WebhookEndpoint> list(@Nullable String accountId) {
    List<WebhookEndpoint> all = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      if (Objects.equals(e.endpoint.accountId(), accountId)) {
        all.add(e.endpoint);
      }
    }
    all.sort(Comparator.comparing(WebhookEndpoint::createdAt).thenComparing(WebhookEndpoint::id));
    return all;
  }

  /** The deliveries to an endpoint of this scope, oldest first. */
  List<WebhookDelivery> deliveries(@Nullable String accountId, @Nullable String endpointId) {
    Endpoint e = find(accountId, endpointId);
    if (e == null) {
      throw new PlugipayException(ErrorCode.NOT_FOUND, "endpointId", "no webhook endpoint " + endpointId);
    }
    return e.history.all(clock.instant());
  }

  /** The failed deliveries to the endpoints of this scope, oldest first. */
  List<WebhookDelivery> failedDeliveries(@Nullable String accountId) {
    Instant now = clock.instant();
    List<WebhookDelivery> out = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      if (Objects.equals(e.endpoint.accountId(), accountId)) {
        out.addAll(e.history.failed(now));
      }
    }
    out.sort(Comparator.comparing(WebhookDelivery::lastAttemptAt)); // stable: each endpoint's order kept
    return out;
  }

  /** POSTs a failed delivery to an endpoint of this scope once more, now. */
  WebhookDelivery replay(@Nullable String accountId, @Nullable String endpointId, @Nullable String eventId) {
    Endpoint e = find(accountId, endpointId);
    Delivery d = e == null || eventId == null ? null : e.history.failed(eventId);
    if (d == null || !e.history.startSending(d, Status.FAILED)) {
      throw new PlugipayException(ErrorCode.NOT_FOUND, "eventId",
          "no failed delivery of " + eventId + " to " + endpointId);
    }
    return e.send(d, true);
  }

  private @Nullable Endpoint find(@Nullable String accountId, @Nullable String endpointId) {
    Endpoint e = endpointId == null ? null : endpoints.get(endpointId);
    return e != null && Objects.equals(e.endpoint.accountId(), accountId) ? e : null;
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
    final DeliveryHistory history;
    @Nullable Subscription subscription;
    /** The run of failures; guarded by this endpoint's monitor. */
    int consecutiveFailures;
    @Nullable Instant firstFailureAt;

    Endpoint(WebhookEndpoint endpoint, String secret) {
      this.endpoint = endpoint;
      this.secret = secret;
      this.history = new DeliveryHistory(endpoint.id(), maxKept, maxAge);
    }

    @Override
    public void onEvent(Event event) throws Exception {
      if (!(event instanceof CheckoutSessionEvent) || !endpoint.receives(event)) {
        return; // another account's event, a type it does not take, or disabled
      }
      Delivery d = history.open(event, clock.instant());
      if (d.snapshot.status() != Status.RETRYING) {
        return; // delivered, or given up on (replay() sends it again)
      }
      if (!history.startSending(d, Status.RETRYING)) {
        // another claim of this event (a lease lapsed) is posting it: let the outbox ask again later
        throw new IOException("delivery of " + event.id() + " to " + endpoint.url() + " is in progress");
      }
      WebhookDelivery after = send(d, false);
      if (after.status() == Status.RETRYING) {
        throw new IOException("delivery of " + event.id() + " to " + endpoint.url() + " failed: "
            + after.lastError()); // the dispatcher retries with backoff
      }
    }

    /**
     * One POST of a delivery claimed with {@link DeliveryHistory#startSending}; records the outcome.
     * A replay that fails is failed again (and replayable); an outbox delivery is failed once it has
     * made {@code maxAttempts} attempts.
     */
    WebhookDelivery send(Delivery d, boolean replay) {
      Instant now = clock.instant();
      Integer status = null;
      String error = null;
      try {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("User-Agent", "plugipay-engine")
            .header(WebhookSigner.HEADER, WebhookSigner.sign(d.body, secret, now.getEpochSecond()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(d.body)).build();
        HttpResponse<Void> response = client().send(request, HttpResponse.BodyHandlers.discarding());
        status = response.statusCode();
        if (status / 100 != 2) {
          error = "HTTP " + status;
        }
      } catch (IOException | RuntimeException e) {
        error = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
      }
      boolean ok = error == null;
      Status next = ok ? Status.DELIVERED
          : replay || d.snapshot.attempts() + 1 >= maxAttempts ? Status.FAILED : Status.RETRYING;
      WebhookDelivery after = history.finish(d, new WebhookDelivery.Attempt(now, status, error), next);
      LOG.info("webhook {} {} -> {}: {}", after.eventType(), after.eventId(), endpoint.url(),
          ok ? "delivered (" + status + ")" : next + " after attempt " + after.attempts() + " (" + error + ")");
      recordOutcome(ok, now);
      return after;
    }

    private synchronized void recordOutcome(boolean ok, Instant now) {
      if (ok) {
        consecutiveFailures = 0;
        firstFailureAt = null;
        return;
      }
      if (consecutiveFailures++ == 0) {
        firstFailureAt = now;
      }
      if (consecutiveFailures >= DISABLE_AFTER_FAILURES && firstFailureAt != null
          && !Duration.between(firstFailureAt, now).minus(DISABLE_AFTER_SPAN).isNegative()) {
        disable(now);
      }
    }

    private void disable(Instant now) {
      if (!endpoint.active()) {
        return;
      }
      WebhookEndpoint was = endpoint;
      endpoint = new WebhookEndpoint(was.id(), was.url(), was.eventTypes(), false, was.createdAt(),
          was.accountId());
      if (subscription != null) {
        subscription.close();
      }
      LOG.warn("webhook endpoint {} ({}) disabled after {} failed deliveries in a row since {}",
          was.id(), was.url(), consecutiveFailures, firstFailureAt);
      String account = was.accountId() != null ? was.accountId() : defaultAccountId;
      dispatcher.publishDirect(new WebhookEndpointDisabledEvent(IdSource.eventId(now), account, now,
          endpoint));
    }
  }
}
