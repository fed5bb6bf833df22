package com.forjio.plugipay.engine.adapters.midtrans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PaymentAction;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.ProviderNotifications;
import com.forjio.plugipay.engine.adapters.AdapterResilience;
import com.forjio.plugipay.engine.adapters.ProviderHttp;
import com.forjio.plugipay.engine.adapters.StubProvider;
import com.forjio.plugipay.engine.adapters.StubProvider.Reply;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Midtrans adapter against a loopback stub replaying Snap and Core API shapes. */
class MidtransAdapterTest {
  private static final String SERVER_KEY = "SB-Mid-server-abc123";
  private final StubProvider midtrans;
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final PlugipayEngine engine;

  MidtransAdapterTest() throws Exception {
    midtrans = new StubProvider();
    MidtransAdapter adapter = MidtransAdapter.builder().snapBaseUrl(midtrans.baseUrl())
        .apiBaseUrl(midtrans.baseUrl()).serverKey(SERVER_KEY).build();
    AdapterResilience resilience = AdapterResilience.builder().timeout(Duration.ofMillis(500))
        .retry(3, Duration.ofMillis(5)).build();
    engine = PlugipayEngine.builder().store(store).adapter(resilience.decorate(adapter))
        .expirySweepInterval(Duration.ZERO).build();
  }

  /** Issue 18, item 8: the Snap expiry is what the session has left on the engine's clock. */
  @Test
  void theSnapExpiryIsCountedOnTheEnginesClock() throws Exception {
    Clock past = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
    MidtransAdapter adapter = MidtransAdapter.builder().snapBaseUrl(midtrans.baseUrl())
        .apiBaseUrl(midtrans.baseUrl()).serverKey(SERVER_KEY).build();
    try (PlugipayEngine onPast = PlugipayEngine.builder().adapter(adapter).clock(past)
        .adapterDecorator(a -> a).expirySweepInterval(Duration.ZERO).build()) {
      CheckoutSession s = onPast.checkoutSessions().create(CheckoutSessionCreateParams.builder()
          .amount(150_000_00).currency(Currency.IDR).methods(CheckoutMethod.VA)
          .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
          .expiresInSec(1_800).build());
      midtrans.on("POST /snap/v1/transactions",
          Reply.json(201, "{\"token\":\"t\",\"redirect_url\":\"https://snap/t\"}"));
      String token = s.hostedUrl().substring(s.hostedUrl().lastIndexOf('/') + 1);
      onPast.hostedCheckout().pay(token, CheckoutMethod.VA);
      JsonNode body = ProviderHttp.JSON.readTree(
          midtrans.requests("POST /snap/v1/transactions").get(0).body());
      assertThat(body.get("expiry").get("duration").asLong()).isEqualTo(30);
      assertThat(body.get("expiry").get("unit").asText()).isEqualTo("minute");
    }
  }

  @AfterEach
  void close() {
    engine.close();
    midtrans.close();
  }

  private CheckoutSession session() {
    return engine.checkoutSessions().create(CheckoutSessionCreateParams.builder()
        .amount(150_000_00).currency(Currency.IDR).methods(CheckoutMethod.EWALLET, CheckoutMethod.QRIS)
        .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
        .metadata(Map.of("order_id", "o_" + System.nanoTime())).build());
  }

  private PaymentAction pay(CheckoutSession s, CheckoutMethod m) {
    return engine.hostedCheckout().pay(s.hostedUrl().substring(s.hostedUrl().lastIndexOf('/') + 1), m);
  }

  private String orderId(CheckoutSession s) {
    return store.currentAttempt(s.accountId(), s.id()).orElseThrow().id();
  }

  private static String notification(String orderId, String statusCode, String transactionStatus,
      String fraudStatus, String signatureKey) {
    return "{\"transaction_time\":\"2026-11-24 17:00:00\",\"transaction_status\":\"" + transactionStatus
        + "\",\"transaction_id\":\"513f1f01-c9da-474c-9fc9-d5c64364b709\",\"status_message\":\"midtrans payment notification\","
        + "\"status_code\":\"" + statusCode + "\",\"signature_key\":\"" + signatureKey + "\","
        + "\"payment_type\":\"gopay\",\"order_id\":\"" + orderId + "\",\"merchant_id\":\"G141532850\","
        + "\"gross_amount\":\"150000.00\",\"fraud_status\":\"" + fraudStatus + "\",\"currency\":\"IDR\"}";
  }

  private ProviderNotifications.Result notify(String body) {
    return engine.providerNotifications().handle("midtrans", Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  private String signed(CheckoutSession s, String statusCode, String transactionStatus, String fraud) {
    String sig = MidtransAdapter.sha512(orderId(s) + statusCode + "150000.00" + SERVER_KEY);
    return notification(orderId(s), statusCode, transactionStatus, fraud, sig);
  }

  @Test
  void payCreatesASnapTransactionAndASettlementNotificationCompletes() throws Exception {
    midtrans.on("POST /snap/v1/transactions", Reply.json(201,
        "{\"token\":\"66e4fa55-fdac-4ef9-91b5-733b97d1b862\",\"redirect_url\":\"https://app.sandbox.midtrans.com/snap/v2/vtweb/66e4fa55\"}"));
    CheckoutSession s = session();
    PaymentAction action = pay(s, CheckoutMethod.EWALLET);
    assertThat(action.value()).isEqualTo("https://app.sandbox.midtrans.com/snap/v2/vtweb/66e4fa55");
    StubProvider.Request sent = midtrans.requests("POST /snap/v1/transactions").get(0);
    JsonNode body = ProviderHttp.JSON.readTree(sent.body());
    assertThat(body.at("/transaction_details/order_id").asText()).isEqualTo(orderId(s)).hasSizeLessThanOrEqualTo(50)
        .matches("[A-Za-z0-9_~.-]+");
    assertThat(body.at("/transaction_details/gross_amount").asLong()).isEqualTo(150_000);
    assertThat(body.get("item_details").get(0).get("price").asLong()).isEqualTo(150_000);
    assertThat(body.get("enabled_payments")).extracting(JsonNode::asText).containsExactly("gopay", "shopeepay");
    assertThat(sent.header("Idempotency-Key")).isEqualTo(orderId(s));

    assertThat(notify(signed(s, "200", "settlement", "accept")).outcome())
        .isEqualTo(ProviderNotifications.Outcome.APPLIED);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(engine.checkoutSessions().get(s.id()).adapter()).isEqualTo("midtrans");
  }

  @Test
  void aChallengedCaptureGoesToReviewAndADenialReopens() {
    midtrans.on("POST /snap/v1/transactions", Reply.json(201, "{\"token\":\"t\",\"redirect_url\":\"https://snap/t\"}"));
    CheckoutSession s = session();
    pay(s, CheckoutMethod.EWALLET);
    notify(signed(s, "201", "capture", "challenge"));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING_REVIEW);
    notify(signed(s, "202", "deny", "deny"));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  @Test
  void aWrongSignatureKeyIsRejected() {
    midtrans.on("POST /snap/v1/transactions", Reply.json(201, "{\"token\":\"t\",\"redirect_url\":\"https://snap/t\"}"));
    CheckoutSession s = session();
    pay(s, CheckoutMethod.QRIS);
    String forged = notification(orderId(s), "200", "settlement", "accept",
        MidtransAdapter.sha512(orderId(s) + "200" + "150000.00" + "not-the-key"));
    assertThatThrownBy(() -> notify(forged)).isInstanceOfSatisfying(PlugipayException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING);
  }

  @Test
  void theStatusMappingFollowsTheDocumentation() {
    assertThat(MidtransAdapter.outcome("settlement", null)).isEqualTo(ProviderOutcome.PAID);
    assertThat(MidtransAdapter.outcome("capture", "accept")).isEqualTo(ProviderOutcome.PAID);
    assertThat(MidtransAdapter.outcome("capture", "challenge")).isEqualTo(ProviderOutcome.REVIEW);
    assertThat(MidtransAdapter.outcome("pending", null)).isEqualTo(ProviderOutcome.PENDING);
    assertThat(MidtransAdapter.outcome("deny", null)).isEqualTo(ProviderOutcome.FAILED);
    assertThat(MidtransAdapter.outcome("cancel", null)).isEqualTo(ProviderOutcome.FAILED);
    assertThat(MidtransAdapter.outcome("failure", null)).isEqualTo(ProviderOutcome.FAILED);
    assertThat(MidtransAdapter.outcome("expire", null)).isEqualTo(ProviderOutcome.EXPIRED);
    assertThat(MidtransAdapter.outcome("refund", null)).isEqualTo(ProviderOutcome.UNKNOWN);
  }

  @Test
  void snapCreationIsRetriedWithTheSameIdempotencyKeyAfterAServerError() {
    midtrans.on("POST /snap/v1/transactions", Reply.json(500, "{\"error_messages\":[\"internal\"]}"),
        Reply.json(201, "{\"token\":\"t\",\"redirect_url\":\"https://snap/t\"}"));
    CheckoutSession s = session();
    pay(s, CheckoutMethod.QRIS);
    List<StubProvider.Request> sent = midtrans.requests("POST /snap/v1/transactions");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).header("Idempotency-Key")).isEqualTo(sent.get(1).header("Idempotency-Key"));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING);
  }

  @Test
  void anErrorCodeInsideA200IsNotASuccessAndReconciliationUsesTheStatusApi() {
    midtrans.on("POST /snap/v1/transactions", Reply.json(201, "{\"token\":\"t\",\"redirect_url\":\"https://snap/t\"}"));
    CheckoutSession s = session();
    pay(s, CheckoutMethod.QRIS);
    String path = "GET /v2/" + orderId(s) + "/status";
    midtrans.on(path, Reply.json(200, "{\"status_code\":\"404\",\"status_message\":\"Transaction doesn't exist.\"}"));
    assertThat(engine.reconcile()).isZero();
    midtrans.on(path, Reply.json(200, "{\"status_code\":\"200\",\"transaction_status\":\"settlement\",\"fraud_status\":\"accept\",\"order_id\":\"" + orderId(s) + "\",\"gross_amount\":\"150000.00\"}"));
    assertThat(engine.reconcile()).isEqualTo(1);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
  }

  @Test
  void cancelOfAPendingSessionCancelsTheTransaction() {
    midtrans.on("POST /snap/v1/transactions", Reply.json(201, "{\"token\":\"t\",\"redirect_url\":\"https://snap/t\"}"));
    CheckoutSession s = session();
    pay(s, CheckoutMethod.QRIS);
    midtrans.on("POST /v2/" + orderId(s) + "/cancel", Reply.json(200,
        "{\"status_code\":\"200\",\"status_message\":\"Success, transaction is canceled\",\"transaction_status\":\"cancel\"}"));
    assertThat(engine.checkoutSessions().cancel(s.id()).status()).isEqualTo(CheckoutSessionStatus.CANCELED);
  }

  @Test
  void anExpireNotificationAfterTheSessionsOwnExpiryExpiresIt() {
    midtrans.on("POST /snap/v1/transactions", Reply.json(201, "{\"token\":\"t\",\"redirect_url\":\"https://snap/t\"}"));
    CheckoutSession s = session();
    pay(s, CheckoutMethod.QRIS);
    assertThat(notify(signed(s, "407", "expire", "accept")).outcome()).isEqualTo(ProviderNotifications.Outcome.APPLIED);
    assertThat(engine.checkoutSessions().get(s.id()).status())
        .as("the session itself still has time: the customer may try again").isEqualTo(CheckoutSessionStatus.OPEN);
    assertThat(notify(signed(s, "200", "settlement", "accept")).outcome())
        .as("money for a superseded attempt on an open session still completes it")
        .isEqualTo(ProviderNotifications.Outcome.APPLIED);
  }

  @Test
  void aTimeoutOfTheSnapCallIsUnavailableAndLeavesTheSessionOpen() {
    midtrans.on("POST /snap/v1/transactions", new Reply(201, "{\"token\":\"t\",\"redirect_url\":\"https://snap/t\"}",
        Duration.ofSeconds(2)));
    CheckoutSession s = session();
    assertThatThrownBy(() -> pay(s, CheckoutMethod.QRIS)).isInstanceOfSatisfying(PlugipayException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }
}
