package com.forjio.plugipay.engine.adapters.midtrans;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Midtrans through Snap (the hosted payment page) and the Core API (status, cancel). Our attempt
 * id is the transaction's {@code order_id} (29 characters of {@code A-Za-z0-9_}), sent also as the
 * {@code Idempotency-Key}, so creating the Snap transaction may be retried. Notifications are verified
 * by {@code signature_key = SHA-512(order_id + status_code + gross_amount + server key)}, computed on
 * the strings exactly as received; a 2xx answer whose body carries an error {@code status_code} is
 * treated as the error it is.
 */
public final class MidtransAdapter implements PaymentAdapter, AdapterResilience.IdempotentStart {
  /** The adapter's name. */
  public static final String NAME = "midtrans";
  private static final Map<CheckoutMethod, List<String>> PAYMENTS = new EnumMap<>(Map.of(
      CheckoutMethod.CARD, List.of("credit_card"),
      CheckoutMethod.EWALLET, List.of("gopay", "shopeepay"),
      CheckoutMethod.QRIS, List.of("qris"),
      CheckoutMethod.VA, List.of("bca_va", "bni_va", "bri_va", "permata_va", "other_va"),
      CheckoutMethod.RETAIL, List.of("indomaret", "alfamart")));

  private final String snapBaseUrl;
  private final String apiBaseUrl;
  private final String serverKey;
  private final String auth;
  private final ProviderHttp http;

  private MidtransAdapter(Builder b) {
    this.snapBaseUrl = b.snapBaseUrl;
    this.apiBaseUrl = b.apiBaseUrl;
    this.serverKey = b.serverKey;
    this.auth = ProviderHttp.basic(b.serverKey, "");
    this.http = new ProviderHttp(NAME, b.requestTimeout);
  }

  /** Requires the server key; base URLs default to the sandbox. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<CheckoutMethod> methods() {
    return EnumSet.copyOf(PAYMENTS.keySet());
  }

  @Override
  public Set<Currency> currencies() {
    return EnumSet.of(Currency.IDR);
  }

  @Override
  public PaymentStart start(PaymentRequest request) {
    CheckoutSession s = request.session();
    Long gross = ProviderAmounts.wholeRupiah(s.amount());
    if (gross == null) {
      return new PaymentStart.Declined("Midtrans takes whole rupiah; " + s.amount() + " has cents");
    }
    ObjectNode body = ProviderHttp.JSON.createObjectNode();
    body.putObject("transaction_details").put("order_id", request.attemptId()).put("gross_amount", gross);
    ArrayNode items = body.putArray("item_details");
    boolean wholeItems = s.lineItems().stream().allMatch(i -> i.unitAmount() % 100 == 0);
    if (!s.lineItems().isEmpty() && wholeItems) {
      int n = 0;
      for (LineItem item : s.lineItems()) {
        items.addObject().put("id", "item-" + (++n)).put("price", item.unitAmount() / 100)
            .put("quantity", item.quantity()).put("name", truncate(item.name(), 50));
      }
    } else {
      items.addObject().put("id", "session").put("price", gross).put("quantity", 1)
          .put("name", truncate("Checkout " + s.id(), 50));
    }
    ArrayNode enabled = body.putArray("enabled_payments");
    PAYMENTS.get(request.method()).forEach(enabled::add);
    body.putObject("callbacks").put("finish", s.successUrl());
    long minutes = Math.max(1, Duration.between(request.now(), s.expiresAt()).toMinutes());
    body.putObject("expiry").put("unit", "minute").put("duration", minutes);
    ProviderHttp.Answer a = http.send("POST", URI.create(snapBaseUrl + "/snap/v1/transactions"),
        body.toString(), Map.of("Authorization", auth, "Idempotency-Key", request.attemptId()));
    if (!a.ok()) {
      return new PaymentStart.Declined("Midtrans refused the transaction: " + a.body().path("error_messages"));
    }
    String redirect = ProviderHttp.text(a.body(), "redirect_url");
    if (redirect == null) {
      return new PaymentStart.Unknown("Midtrans answered without a redirect_url");
    }
    return new PaymentStart.Started(request.attemptId(), PaymentAction.Kind.REDIRECT, redirect, null);
  }

  @Override
  public CancelOutcome cancel(PaymentAttempt attempt) {
    ProviderHttp.Answer a = http.send("POST", api("/v2/" + attempt.id() + "/cancel"), null,
        Map.of("Authorization", auth));
    String code = ProviderHttp.text(a.body(), "status_code");
    if (a.ok() && "200".equals(code)) {
      return CancelOutcome.VOIDED;
    }
    ProviderOutcome now = fetchStatus(attempt);
    if (now == ProviderOutcome.PAID || now == ProviderOutcome.REVIEW) {
      return CancelOutcome.ALREADY_COMMITTED;
    }
    // 404: the customer never chose a method, so no transaction exists to pay.
    return now == ProviderOutcome.FAILED || now == ProviderOutcome.EXPIRED || "404".equals(code)
        ? CancelOutcome.VOIDED : CancelOutcome.UNKNOWN;
  }

  @Override
  public ProviderOutcome fetchStatus(PaymentAttempt attempt) {
    ProviderHttp.Answer a = http.send("GET", api("/v2/" + attempt.id() + "/status"), null,
        Map.of("Authorization", auth));
    String code = ProviderHttp.text(a.body(), "status_code");
    if ("404".equals(code)) {
      return ProviderOutcome.PENDING; // no transaction yet: the customer has not chosen a method
    }
    if (!a.ok() || code == null || code.compareTo("400") >= 0) {
      return ProviderOutcome.UNKNOWN;
    }
    return outcome(ProviderHttp.text(a.body(), "transaction_status"),
        ProviderHttp.text(a.body(), "fraud_status"));
  }

  @Override
  public ProviderNotification parseNotification(Map<String, List<String>> headers, byte[] body) {
    JsonNode n = ProviderHttp.parseCallback(NAME, body);
    String orderId = ProviderHttp.text(n, "order_id");
    String statusCode = ProviderHttp.text(n, "status_code");
    String gross = ProviderHttp.text(n, "gross_amount");
    String signature = ProviderHttp.text(n, "signature_key");
    if (orderId == null || statusCode == null || gross == null || signature == null
        || !ProviderHttp.constantTimeEquals(signature.toLowerCase(java.util.Locale.ROOT),
            sha512(orderId + statusCode + gross + serverKey))) {
      throw new PlugipayException(ErrorCode.SIGNATURE_INVALID, "signature_key",
          "Midtrans notification signature is missing or wrong");
    }
    return new ProviderNotification(ProviderHttp.text(n, "transaction_id"), orderId,
        outcome(ProviderHttp.text(n, "transaction_status"), ProviderHttp.text(n, "fraud_status")),
        ProviderAmounts.minorOf(gross, Currency.IDR));
  }

  /** The documented mapping of transaction and fraud status. */
  static ProviderOutcome outcome(@Nullable String transactionStatus, @Nullable String fraudStatus) {
    if (transactionStatus == null) {
      return ProviderOutcome.UNKNOWN;
    }
    return switch (transactionStatus) {
      case "settlement" -> ProviderOutcome.PAID;
      case "capture" -> "challenge".equals(fraudStatus) ? ProviderOutcome.REVIEW
          : "deny".equals(fraudStatus) ? ProviderOutcome.FAILED : ProviderOutcome.PAID;
      case "pending" -> ProviderOutcome.PENDING;
      case "deny", "cancel", "failure" -> ProviderOutcome.FAILED;
      case "expire" -> ProviderOutcome.EXPIRED;
      default -> ProviderOutcome.UNKNOWN; // refund, partial_refund, authorize: not ours to move
    };
  }

  static String sha512(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-512").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private URI api(String path) {
    return URI.create(apiBaseUrl + path);
  }

  private static String truncate(@Nullable String s, int max) {
    String v = s == null ? "" : s;
    return v.length() <= max ? v : v.substring(0, max);
  }

  /** Configures the adapter; fails fast. */
  public static final class Builder {
    private String snapBaseUrl = "https://app.sandbox.midtrans.com";
    private String apiBaseUrl = "https://api.sandbox.midtrans.com";
    private @Nullable String serverKey;
    private Duration requestTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** Snap's base (default the sandbox, {@code https://app.sandbox.midtrans.com}). */
    public Builder snapBaseUrl(String url) {
      this.snapBaseUrl = ProviderHttp.checkedBaseUrl(url, "snapBaseUrl");
      return this;
    }

    /** The Core API's base (default the sandbox, {@code https://api.sandbox.midtrans.com}). */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = ProviderHttp.checkedBaseUrl(url, "apiBaseUrl");
      return this;
    }

    /** The server key (HTTP Basic user name, and part of every notification signature). */
    public Builder serverKey(String serverKey) {
      this.serverKey = ProviderHttp.required(serverKey, "serverKey", "the Midtrans server key");
      return this;
    }

    /** Per-request timeout; default 10 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = ProviderHttp.checkedTimeout(timeout);
      return this;
    }

    /** The adapter. */
    public MidtransAdapter build() {
      ProviderHttp.required(serverKey, "serverKey", "the Midtrans server key");
      return new MidtransAdapter(this);
    }
  }
}
