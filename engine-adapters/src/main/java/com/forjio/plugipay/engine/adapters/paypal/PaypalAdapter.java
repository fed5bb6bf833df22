package com.forjio.plugipay.engine.adapters.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PaymentAction;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.adapters.AdapterResilience;
import com.forjio.plugipay.engine.adapters.ProviderAmounts;
import com.forjio.plugipay.engine.adapters.ProviderHttp;
import com.forjio.plugipay.engine.spi.CancelOutcome;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.PaymentRequest;
import com.forjio.plugipay.engine.spi.PaymentStart;
import com.forjio.plugipay.engine.spi.ProviderNotification;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * PayPal through Orders v2: an order per attempt (intent {@code CAPTURE}, our attempt id as
 * {@code custom_id} and as the {@code PayPal-Request-Id}, so creating it may be retried), the buyer
 * approves at PayPal, and the engine captures when told of the approval (webhook
 * {@code CHECKOUT.ORDER.APPROVED}) or finds it on reconciliation; the capture carries its own
 * {@code PayPal-Request-Id}, so it never happens twice. Webhooks are verified with PayPal's
 * {@code verify-webhook-signature} call. OAuth2 client-credential tokens are cached until shortly
 * before they expire. PayPal does not take IDR: only USD sessions can offer it.
 */
public final class PaypalAdapter implements PaymentAdapter, AdapterResilience.IdempotentStart {
  /** The adapter's name. */
  public static final String NAME = "paypal";

  private final String baseUrl;
  private final String clientAuth;
  private final String webhookId;
  private final ProviderHttp http;
  private final Object tokenLock = new Object();
  private @Nullable String token;
  private Instant tokenExpires = Instant.MIN;
  private final Clock clock;

  private PaypalAdapter(Builder b) {
    this.clock = b.clock;
    this.baseUrl = b.baseUrl;
    this.clientAuth = ProviderHttp.basic(b.clientId, b.clientSecret);
    this.webhookId = b.webhookId;
    this.http = new ProviderHttp(NAME, b.requestTimeout);
  }

  /** Requires client id, client secret and the webhook id; the base URL defaults to the sandbox. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<CheckoutMethod> methods() {
    return EnumSet.of(CheckoutMethod.PAYPAL);
  }

  @Override
  public Set<Currency> currencies() {
    return EnumSet.of(Currency.USD);
  }

  private String bearer() {
    synchronized (tokenLock) {
      if (token == null || clock.instant().isAfter(tokenExpires)) {
        ProviderHttp.Answer a = http.send("POST", uri("/v1/oauth2/token"),
            "grant_type=client_credentials", Map.of("Authorization", clientAuth,
                "Content-Type", "application/x-www-form-urlencoded"));
        String t = ProviderHttp.text(a.body(), "access_token");
        if (!a.ok() || t == null) {
          throw new PlugipayException(ErrorCode.PROVIDER_UNAVAILABLE, null,
              "PayPal refused the client credentials (" + a.status() + ")");
        }
        token = t;
        long ttl = a.body().path("expires_in").asLong(300);
        tokenExpires = clock.instant().plusSeconds(Math.max(0, ttl - 60));
      }
      return "Bearer " + token;
    }
  }

  @Override
  public PaymentStart start(PaymentRequest request) {
    CheckoutSession s = request.session();
    ObjectNode body = ProviderHttp.JSON.createObjectNode();
    body.put("intent", "CAPTURE");
    ObjectNode unit = body.putArray("purchase_units").addObject();
    unit.put("reference_id", s.id());
    unit.put("custom_id", request.attemptId());
    unit.putObject("amount").put("currency_code", s.currency().wireName())
        .put("value", ProviderAmounts.decimal(s.amount(), s.currency()));
    body.putObject("payment_source").putObject("paypal").putObject("experience_context")
        .put("return_url", s.successUrl()).put("cancel_url", s.cancelUrl())
        .put("user_action", "PAY_NOW");
    ProviderHttp.Answer a = http.send("POST", uri("/v2/checkout/orders"), body.toString(),
        Map.of("Authorization", bearer(), "PayPal-Request-Id", request.attemptId()));
    if (!a.ok()) {
      return new PaymentStart.Declined(ProviderHttp.text(a.body(), "name") + ": "
          + ProviderHttp.text(a.body(), "message"));
    }
    String id = ProviderHttp.text(a.body(), "id");
    String approve = link(a.body(), "payer-action");
    if (approve == null) {
      approve = link(a.body(), "approve");
    }
    if (id == null || approve == null) {
      return new PaymentStart.Unknown("PayPal answered without an order id or approval link");
    }
    return new PaymentStart.Started(id, PaymentAction.Kind.REDIRECT, approve, null);
  }

  private static @Nullable String link(JsonNode order, String rel) {
    for (JsonNode l : order.path("links")) {
      if (rel.equals(l.path("rel").asText())) {
        return l.path("href").asText(null);
      }
    }
    return null;
  }

  /** PayPal has no cancel: an unapproved order lapses; an approved or captured one is committed. */
  @Override
  public CancelOutcome cancel(PaymentAttempt attempt) {
    if (attempt.providerReference() == null) {
      return CancelOutcome.UNKNOWN;
    }
    String status = orderStatus(attempt.providerReference());
    if (status == null) {
      return CancelOutcome.UNKNOWN;
    }
    return switch (status) {
      case "COMPLETED", "APPROVED" -> CancelOutcome.ALREADY_COMMITTED;
      default -> CancelOutcome.VOIDED;
    };
  }

  @Override
  public ProviderOutcome fetchStatus(PaymentAttempt attempt) {
    if (attempt.providerReference() == null) {
      return ProviderOutcome.UNKNOWN;
    }
    String status = orderStatus(attempt.providerReference());
    if ("APPROVED".equals(status)) {
      return capture(attempt.providerReference());
    }
    return status == null ? ProviderOutcome.UNKNOWN : switch (status) {
      case "COMPLETED" -> ProviderOutcome.PAID;
      case "VOIDED" -> ProviderOutcome.FAILED;
      case "CREATED", "SAVED", "PAYER_ACTION_REQUIRED" -> ProviderOutcome.PENDING;
      default -> ProviderOutcome.UNKNOWN;
    };
  }

  private @Nullable String orderStatus(String orderId) {
    ProviderHttp.Answer a = http.send("GET", uri("/v2/checkout/orders/" + orderId), null,
        Map.of("Authorization", bearer()));
    return a.ok() ? ProviderHttp.text(a.body(), "status") : null;
  }

  /** Captures an approved order, at most once (the request id is derived from the order). */
  private ProviderOutcome capture(String orderId) {
    ProviderHttp.Answer a = http.send("POST", uri("/v2/checkout/orders/" + orderId + "/capture"), "{}",
        Map.of("Authorization", bearer(), "PayPal-Request-Id", "capture-" + orderId));
    if (!a.ok()) {
      String issue = a.body().path("details").path(0).path("issue").asText("");
      return "ORDER_ALREADY_CAPTURED".equals(issue) ? ProviderOutcome.PAID : ProviderOutcome.FAILED;
    }
    String status = ProviderHttp.text(a.body(), "status");
    JsonNode capture = a.body().at("/purchase_units/0/payments/captures/0");
    String captureStatus = ProviderHttp.text(capture, "status");
    if ("COMPLETED".equals(status) && (captureStatus == null || "COMPLETED".equals(captureStatus))) {
      return ProviderOutcome.PAID;
    }
    if ("DECLINED".equals(captureStatus) || "FAILED".equals(captureStatus)) {
      return ProviderOutcome.FAILED;
    }
    return "PENDING".equals(captureStatus) ? ProviderOutcome.REVIEW : ProviderOutcome.UNKNOWN;
  }

  @Override
  public ProviderNotification parseNotification(Map<String, List<String>> headers, byte[] body) {
    JsonNode event = ProviderHttp.parseCallback(NAME, body);
    ObjectNode verify = ProviderHttp.JSON.createObjectNode();
    for (String[] h : new String[][] {{"auth_algo", "PAYPAL-AUTH-ALGO"}, {"cert_url", "PAYPAL-CERT-URL"},
        {"transmission_id", "PAYPAL-TRANSMISSION-ID"}, {"transmission_sig", "PAYPAL-TRANSMISSION-SIG"},
        {"transmission_time", "PAYPAL-TRANSMISSION-TIME"}}) {
      String v = ProviderHttp.header(headers, h[1]);
      if (v == null) {
        throw new PlugipayException(ErrorCode.SIGNATURE_INVALID, h[1], "PayPal webhook lacks " + h[1]);
      }
      verify.put(h[0], v);
    }
    verify.put("webhook_id", webhookId);
    verify.set("webhook_event", event);
    ProviderHttp.Answer a = http.send("POST", uri("/v1/notifications/verify-webhook-signature"),
        verify.toString(), Map.of("Authorization", bearer()));
    if (!a.ok() || !"SUCCESS".equals(ProviderHttp.text(a.body(), "verification_status"))) {
      throw new PlugipayException(ErrorCode.SIGNATURE_INVALID, "PAYPAL-TRANSMISSION-SIG",
          "PayPal did not verify the webhook signature");
    }
    String type = ProviderHttp.text(event, "event_type");
    JsonNode resource = event.path("resource");
    if ("CHECKOUT.ORDER.APPROVED".equals(type)) {
      String orderId = ProviderHttp.text(resource, "id");
      if (orderId == null) {
        throw new PlugipayException(ErrorCode.INVALID_PAYLOAD, "resource.id", "approved order without id");
      }
      return new ProviderNotification(orderId, resource.at("/purchase_units/0/custom_id").asText(null),
          capture(orderId), null);
    }
    String orderId = resource.at("/supplementary_data/related_ids/order_id").asText(null);
    String customId = ProviderHttp.text(resource, "custom_id");
    if (orderId == null && customId == null) {
      throw new PlugipayException(ErrorCode.INVALID_PAYLOAD, "resource", "PayPal event " + type
          + " names no order");
    }
    ProviderOutcome outcome = type == null ? ProviderOutcome.UNKNOWN : switch (type) {
      case "PAYMENT.CAPTURE.COMPLETED" -> ProviderOutcome.PAID;
      case "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED" -> ProviderOutcome.FAILED;
      case "PAYMENT.CAPTURE.PENDING" -> ProviderOutcome.REVIEW;
      default -> ProviderOutcome.UNKNOWN;
    };
    Currency currency = "USD".equals(resource.at("/amount/currency_code").asText()) ? Currency.USD : null;
    Long amount = currency == null ? null
        : ProviderAmounts.minorOf(resource.at("/amount/value").asText(null), currency);
    return new ProviderNotification(orderId, customId, outcome, amount);
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  /** Configures the adapter; fails fast. */
  public static final class Builder {
    private String baseUrl = "https://api-m.sandbox.paypal.com";
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable String webhookId;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The clock that ages the cached OAuth token (default the system clock); give it the engine's
     * clock so that a test clock moves the adapter too.
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw PlugipayException.invalid("clock", "clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /** The API base (default the sandbox, {@code https://api-m.sandbox.paypal.com}). */
    public Builder baseUrl(String url) {
      this.baseUrl = ProviderHttp.checkedBaseUrl(url, "baseUrl");
      return this;
    }

    /** The REST app's client id and secret (OAuth2 client credentials). */
    public Builder credentials(String clientId, String clientSecret) {
      if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
        throw PlugipayException.invalid("credentials", "PayPal client id and secret are required");
      }
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      return this;
    }

    /** The id of the webhook whose events this adapter verifies. */
    public Builder webhookId(String webhookId) {
      this.webhookId = ProviderHttp.required(webhookId, "webhookId", "the PayPal webhook id");
      return this;
    }

    /** Per-request timeout; default 10 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = ProviderHttp.checkedTimeout(timeout);
      return this;
    }

    /** The adapter. */
    public PaypalAdapter build() {
      if (clientId == null || clientSecret == null) {
        throw PlugipayException.invalid("credentials", "PayPal client id and secret are required");
      }
      ProviderHttp.required(webhookId, "webhookId", "the PayPal webhook id");
      return new PaypalAdapter(this);
    }
  }

  @Override
  public String toString() {
    return "PaypalAdapter[" + baseUrl + "]";
  }
}
