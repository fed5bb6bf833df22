package com.forjio.plugipay.engine.adapters.xendit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.PaymentAction;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.ProviderNotifications;
import com.forjio.plugipay.engine.adapters.AdapterResilience;
import com.forjio.plugipay.engine.adapters.ProviderHttp;
import com.forjio.plugipay.engine.adapters.StubProvider;
import com.forjio.plugipay.engine.adapters.StubProvider.Reply;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Xendit adapter against a loopback stub replaying the Invoices API's documented shapes. */
class XenditAdapterTest {
  private final StubProvider xendit;
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final AdapterResilience resilience = AdapterResilience.builder().timeout(Duration.ofMillis(500))
      .retry(3, Duration.ofMillis(5)).circuitBreaker(50, 4, 4, Duration.ofMinutes(1)).build();
  private final PlugipayEngine engine;

  XenditAdapterTest() throws Exception {
    xendit = new StubProvider();
    XenditAdapter adapter = XenditAdapter.builder().baseUrl(xendit.baseUrl())
        .secretKey("xnd_development_secret").callbackToken("cb-token-123").build();
    engine = PlugipayEngine.builder().store(store).adapter(resilience.decorate(adapter))
        .expirySweepInterval(Duration.ZERO).build();
  }

  @AfterEach
  void close() {
    engine.close();
    xendit.close();
  }

  private CheckoutSession session(long amount) {
    return engine.checkoutSessions().create(CheckoutSessionCreateParams.builder()
        .amount(amount).currency(Currency.IDR).methods(CheckoutMethod.VA, CheckoutMethod.QRIS)
        .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
        .lineItems(List.of(new LineItem("Pro plan", 1, amount)))
        .metadata(Map.of("order_id", "o_" + System.nanoTime())).build());
  }

  private static String token(CheckoutSession s) {
    return s.hostedUrl().substring(s.hostedUrl().lastIndexOf('/') + 1);
  }

  private static String invoice(String id, String externalId, String status) {
    return "{\"id\":\"" + id + "\",\"external_id\":\"" + externalId + "\",\"user_id\":\"5f9a\","
        + "\"status\":\"" + status + "\",\"merchant_name\":\"Shop\",\"amount\":150000,"
        + "\"currency\":\"IDR\",\"invoice_url\":\"https://checkout-staging.xendit.co/web/" + id + "\","
        + "\"expiry_date\":\"2026-11-25T10:00:00.000Z\",\"created\":\"2026-11-24T10:00:00.000Z\","
        + "\"updated\":\"2026-11-24T10:00:00.000Z\"}";
  }

  private ProviderNotifications.Result callback(String token, String body) {
    return engine.providerNotifications().handle("xendit", Map.of("X-CALLBACK-TOKEN", List.of(token)),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private PaymentAttempt attempt(CheckoutSession s) {
    return store.currentAttempt(s.accountId(), s.id()).orElseThrow();
  }

  /** Issue 18, item 8: the invoice lives as long as the session has left on the engine's clock. */
  @Test
  void theInvoiceDurationIsCountedOnTheEnginesClock() throws Exception {
    Clock past = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
    XenditAdapter adapter = XenditAdapter.builder().baseUrl(xendit.baseUrl())
        .secretKey("xnd_development_secret").callbackToken("cb-token-123").build();
    try (PlugipayEngine onPast = PlugipayEngine.builder().adapter(adapter).clock(past)
        .adapterDecorator(a -> a).expirySweepInterval(Duration.ZERO).build()) {
      CheckoutSession s = onPast.checkoutSessions().create(CheckoutSessionCreateParams.builder()
          .amount(150_000_00).currency(Currency.IDR).methods(CheckoutMethod.VA)
          .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
          .expiresInSec(1_800).build());
      xendit.on("POST /v2/invoices", Reply.json(200, invoice("inv_clock", "pa_x", "PENDING")));
      onPast.hostedCheckout().pay(token(s), CheckoutMethod.VA);
      JsonNode body = ProviderHttp.JSON.readTree(xendit.requests("POST /v2/invoices").get(0).body());
      assertThat(body.get("invoice_duration").asLong()).isEqualTo(1_800);
    }
  }

  @Test
  void payCreatesAnInvoiceInWholeRupiahAndThePaidCallbackCompletes() throws Exception {
    CheckoutSession s = session(150_000_00);
    xendit.on("POST /v2/invoices", Reply.json(200, invoice("inv_579c", "pa_x", "PENDING")));
    PaymentAction action = engine.hostedCheckout().pay(token(s), CheckoutMethod.VA);
    assertThat(action.kind()).isEqualTo(PaymentAction.Kind.REDIRECT);
    assertThat(action.value()).isEqualTo("https://checkout-staging.xendit.co/web/inv_579c");

    StubProvider.Request sent = xendit.requests("POST /v2/invoices").get(0);
    assertThat(sent.header("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("xnd_development_secret:".getBytes(StandardCharsets.UTF_8)));
    JsonNode body = ProviderHttp.JSON.readTree(sent.body());
    assertThat(body.get("external_id").asText()).isEqualTo(attempt(s).id());
    assertThat(body.get("amount").asLong()).isEqualTo(150_000);
    assertThat(body.get("currency").asText()).isEqualTo("IDR");
    assertThat(body.get("payment_methods")).extracting(JsonNode::asText)
        .containsExactly("BCA", "BNI", "BRI", "MANDIRI", "PERMATA");
    assertThat(body.get("items").get(0).get("price").asLong()).isEqualTo(150_000);
    assertThat(body.get("success_redirect_url").asText()).isEqualTo("https://shop.example/ok");
    assertThat(attempt(s).providerReference()).isEqualTo("inv_579c");

    String paid = "{\"id\":\"inv_579c\",\"external_id\":\"" + attempt(s).id() + "\",\"user_id\":\"5f9a\","
        + "\"is_high\":false,\"payment_method\":\"BANK_TRANSFER\",\"status\":\"PAID\","
        + "\"merchant_name\":\"Shop\",\"amount\":150000,\"paid_amount\":150000,\"bank_code\":\"BCA\","
        + "\"paid_at\":\"2026-11-24T10:05:00.000Z\",\"currency\":\"IDR\",\"payment_channel\":\"BCA\"}";
    assertThat(callback("cb-token-123", paid).outcome()).isEqualTo(ProviderNotifications.Outcome.APPLIED);
    CheckoutSession done = engine.checkoutSessions().get(s.id());
    assertThat(done.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(done.adapter()).isEqualTo("xendit");
    assertThat(callback("cb-token-123", paid).outcome()).isEqualTo(ProviderNotifications.Outcome.UNCHANGED);
  }

  @Test
  void aWrongCallbackTokenIsRejectedWithoutTouchingState() {
    CheckoutSession s = session(150_000_00);
    xendit.on("POST /v2/invoices", Reply.json(200, invoice("inv_1", "pa_x", "PENDING")));
    engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS);
    String paid = "{\"id\":\"inv_1\",\"external_id\":\"" + attempt(s).id() + "\",\"status\":\"PAID\",\"paid_amount\":150000}";
    assertThatThrownBy(() -> callback("cb-token-124", paid)).isInstanceOfSatisfying(PlugipayException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    assertThatThrownBy(() -> callback("cb-token-123", "<xml/>")).isInstanceOfSatisfying(PlugipayException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING);
  }

  @Test
  void anExpiredCallbackReopensTheSessionForAnotherTry() {
    CheckoutSession s = session(150_000_00);
    xendit.on("POST /v2/invoices", Reply.json(200, invoice("inv_2", "pa_x", "PENDING")));
    engine.hostedCheckout().pay(token(s), CheckoutMethod.VA);
    String expired = "{\"id\":\"inv_2\",\"external_id\":\"" + attempt(s).id() + "\",\"status\":\"EXPIRED\",\"amount\":150000}";
    callback("cb-token-123", expired);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  @Test
  void aValidationErrorFromXenditIsADeclineAndCentsAreRefused() {
    CheckoutSession s = session(150_000_00);
    xendit.on("POST /v2/invoices", Reply.json(400,
        "{\"error_code\":\"API_VALIDATION_ERROR\",\"message\":\"amount is below the minimum\"}"));
    assertThatThrownBy(() -> engine.hostedCheckout().pay(token(s), CheckoutMethod.VA))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED);
          assertThat(e.getMessage()).contains("API_VALIDATION_ERROR");
        });
    CheckoutSession cents = session(150_000_50);
    assertThatThrownBy(() -> engine.hostedCheckout().pay(token(cents), CheckoutMethod.VA))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  @Test
  void serverErrorsAndTimeoutsAreUnavailableAndInvoiceCreationIsNotRetried() {
    CheckoutSession s = session(150_000_00);
    xendit.on("POST /v2/invoices", Reply.json(503, "{\"error_code\":\"SERVER_ERROR\"}"),
        new Reply(200, invoice("inv_slow", "pa_x", "PENDING"), Duration.ofSeconds(2)));
    assertThatThrownBy(() -> engine.hostedCheckout().pay(token(s), CheckoutMethod.VA))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    assertThat(xendit.requests("POST /v2/invoices")).hasSize(1);
    assertThatThrownBy(() -> engine.hostedCheckout().pay(token(s), CheckoutMethod.VA))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
          assertThat(e.getMessage()).contains("did not answer");
        });
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  @Test
  void reconciliationReadsTheInvoiceWithRetriesAndCancelExpiresIt() {
    CheckoutSession s = session(150_000_00);
    xendit.on("POST /v2/invoices", Reply.json(200, invoice("inv_3", "pa_x", "PENDING")));
    engine.hostedCheckout().pay(token(s), CheckoutMethod.VA);
    xendit.on("GET /v2/invoices/inv_3", Reply.json(502, "{}"), Reply.json(200, invoice("inv_3", attempt(s).id(), "SETTLED")));
    assertThat(engine.reconcile()).isEqualTo(1);
    assertThat(xendit.requests("GET /v2/invoices/inv_3")).hasSize(2);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);

    CheckoutSession other = session(150_000_00);
    xendit.on("POST /v2/invoices", Reply.json(200, invoice("inv_4", "pa_y", "PENDING")));
    engine.hostedCheckout().pay(token(other), CheckoutMethod.VA);
    xendit.on("POST /invoices/inv_4/expire!", Reply.json(200, invoice("inv_4", "pa_y", "EXPIRED")));
    assertThat(engine.checkoutSessions().cancel(other.id()).status()).isEqualTo(CheckoutSessionStatus.CANCELED);
    assertThat(xendit.requests("POST /invoices/inv_4/expire!")).hasSize(1);
  }
}
