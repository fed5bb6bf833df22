package com.forjio.plugipay.engine.adapters.xendit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.PaymentAction;
import com.forjio.plugipay.engine.PlugipayException;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Xendit through its Invoices API (a hosted payment page per attempt). Our attempt id is the
 * invoice's {@code external_id}; callbacks are verified by the account's {@code x-callback-token}
 * (constant-time), and IDR amounts travel as whole rupiah.
 *
 * <p>Invoice creation has no idempotency key, so {@code start} is not retried; a lost answer is
 * resolved by {@link #fetchStatus}, which finds the invoice by {@code external_id}.
 */
public final class XenditAdapter implements PaymentAdapter {
  /** The adapter's name. */
  public static final String NAME = "xendit";
  private static final Map<CheckoutMethod, List<String>> CHANNELS = new EnumMap<>(Map.of(
      CheckoutMethod.VA, List.of("BCA", "BNI", "BRI", "MANDIRI", "PERMATA"),
      CheckoutMethod.EWALLET, List.of("OVO", "DANA", "SHOPEEPAY", "LINKAJA"),
      CheckoutMethod.QRIS, List.of("QRIS"),
      CheckoutMethod.RETAIL, List.of("ALFAMART", "INDOMARET"),
      CheckoutMethod.CARD, List.of("CREDIT_CARD")));

  private final String baseUrl;
  private final String auth;
  private final String callbackToken;
  private final ProviderHttp http;

  private XenditAdapter(Builder b) {
    this.baseUrl = b.baseUrl;
    this.auth = ProviderHttp.basic(b.secretKey, "");
    this.callbackToken = b.callbackToken;
    this.http = new ProviderHttp(NAME, b.requestTimeout);
  }

  /** Requires the secret API key and the callback verification token. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<CheckoutMethod> methods() {
    return EnumSet.of(CheckoutMethod.VA, CheckoutMethod.EWALLET, CheckoutMethod.QRIS,
        CheckoutMethod.RETAIL, CheckoutMethod.CARD);
  }

  @Override
  public Set<Currency> currencies() {
    return EnumSet.of(Currency.IDR);
  }

  @Override
  public PaymentStart start(PaymentRequest request) {
    CheckoutSession s = request.session();
    Long rupiah = ProviderAmounts.wholeRupiah(s.amount());
    if (rupiah == null) {
      return new PaymentStart.Declined("Xendit takes whole rupiah; " + s.amount() + " has cents");
    }
    ObjectNode body = ProviderHttp.JSON.createObjectNode();
    body.put("external_id", request.attemptId());
    body.put("amount", rupiah);
    body.put("currency", s.currency().wireName());
    body.put("description", "Checkout " + s.id());
    body.put("invoice_duration", Math.max(60, Duration.between(request.now(), s.expiresAt()).toSeconds()));
    ArrayNode channels = body.putArray("payment_methods");
    CHANNELS.getOrDefault(request.method(), List.of()).forEach(channels::add);
    body.put("success_redirect_url", s.successUrl());
    body.put("failure_redirect_url", s.cancelUrl());
    if (!s.lineItems().isEmpty() && s.lineItems().stream().allMatch(i -> i.unitAmount() % 100 == 0)) {
      ArrayNode items = body.putArray("items");
      for (LineItem item : s.lineItems()) {
        items.addObject().put("name", item.name()).put("quantity", item.quantity())
            .put("price", item.unitAmount() / 100);
      }
    }
    body.putObject("metadata").put("session_id", s.id());
    ProviderHttp.Answer a = http.send("POST", uri("/v2/invoices"), body.toString(),
        Map.of("Authorization", auth));
    if (!a.ok()) {
      return new PaymentStart.Declined(ProviderHttp.text(a.body(), "error_code") + ": "
          + ProviderHttp.text(a.body(), "message"));
    }
    String id = ProviderHttp.text(a.body(), "id");
    String url = ProviderHttp.text(a.body(), "invoice_url");
    if (id == null || url == null) {
      return new PaymentStart.Unknown("Xendit answered without an invoice id or URL");
    }
    return new PaymentStart.Started(id, PaymentAction.Kind.REDIRECT, url, null);
  }

  @Override
  public CancelOutcome cancel(PaymentAttempt attempt) {
    if (attempt.providerReference() == null) {
      return CancelOutcome.UNKNOWN;
    }
    ProviderHttp.Answer a = http.send("POST",
        uri("/invoices/" + encode(attempt.providerReference()) + "/expire!"), null,
        Map.of("Authorization", auth));
    if (a.ok()) {
      return CancelOutcome.VOIDED;
    }
    ProviderOutcome now = fetchStatus(attempt);
    return now == ProviderOutcome.PAID ? CancelOutcome.ALREADY_COMMITTED
        : now == ProviderOutcome.EXPIRED ? CancelOutcome.VOIDED : CancelOutcome.UNKNOWN;
  }

  @Override
  public ProviderOutcome fetchStatus(PaymentAttempt attempt) {
    JsonNode invoice;
    if (attempt.providerReference() != null) {
      ProviderHttp.Answer a = http.send("GET",
          uri("/v2/invoices/" + encode(attempt.providerReference())), null, Map.of("Authorization", auth));
      if (!a.ok()) {
        return ProviderOutcome.UNKNOWN;
      }
      invoice = a.body();
    } else {
      ProviderHttp.Answer a = http.send("GET",
          uri("/v2/invoices?external_id=" + encode(attempt.id())), null, Map.of("Authorization", auth));
      if (!a.ok() || !a.body().isArray() || a.body().isEmpty()) {
        return a.ok() ? ProviderOutcome.FAILED : ProviderOutcome.UNKNOWN; // never created
      }
      invoice = a.body().get(0);
    }
    return outcome(ProviderHttp.text(invoice, "status"));
  }

  @Override
  public ProviderNotification parseNotification(Map<String, List<String>> headers, byte[] body) {
    if (!ProviderHttp.constantTimeEquals(ProviderHttp.header(headers, "x-callback-token"), callbackToken)) {
      throw new PlugipayException(ErrorCode.SIGNATURE_INVALID, "x-callback-token",
          "Xendit callback token is missing or wrong");
    }
    JsonNode n = ProviderHttp.parseCallback(NAME, body);
    String status = ProviderHttp.text(n, "status");
    String paid = ProviderHttp.text(n, n.hasNonNull("paid_amount") ? "paid_amount" : "amount");
    // Xendit reports whole rupiah; the engine compares minor units.
    return new ProviderNotification(ProviderHttp.text(n, "id"), ProviderHttp.text(n, "external_id"),
        outcome(status), ProviderAmounts.minorOf(paid, Currency.IDR));
  }

  static ProviderOutcome outcome(@Nullable String status) {
    if (status == null) {
      return ProviderOutcome.UNKNOWN;
    }
    return switch (status) {
      case "PAID", "SETTLED" -> ProviderOutcome.PAID;
      case "EXPIRED" -> ProviderOutcome.EXPIRED;
      case "PENDING" -> ProviderOutcome.PENDING;
      default -> ProviderOutcome.UNKNOWN;
    };
  }

  private URI uri(String pathAndQuery) {
    return URI.create(baseUrl + pathAndQuery);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Configures the adapter; fails fast. */
  public static final class Builder {
    private String baseUrl = "https://api.xendit.co";
    private @Nullable String secretKey;
    private @Nullable String callbackToken;
    private Duration requestTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** The API base (a local stub in tests); default {@code https://api.xendit.co}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = ProviderHttp.checkedBaseUrl(baseUrl, "baseUrl");
      return this;
    }

    /** The secret API key (HTTP Basic user name). */
    public Builder secretKey(String secretKey) {
      this.secretKey = ProviderHttp.required(secretKey, "secretKey", "the Xendit secret key");
      return this;
    }

    /** The account's callback verification token. */
    public Builder callbackToken(String callbackToken) {
      this.callbackToken = ProviderHttp.required(callbackToken, "callbackToken", "the Xendit callback token");
      return this;
    }

    /** Per-request timeout; default 10 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = ProviderHttp.checkedTimeout(timeout);
      return this;
    }

    /** The adapter. */
    public XenditAdapter build() {
      ProviderHttp.required(secretKey, "secretKey", "the Xendit secret key");
      ProviderHttp.required(callbackToken, "callbackToken", "the Xendit callback token");
      return new XenditAdapter(this);
    }
  }
}
