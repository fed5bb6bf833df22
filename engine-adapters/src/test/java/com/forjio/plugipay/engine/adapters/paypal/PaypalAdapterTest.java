package com.forjio.plugipay.engine.adapters.paypal;

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
import com.forjio.plugipay.engine.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PayPal adapter against a loopback stub replaying Orders v2, OAuth2 and webhook verification. */
class PaypalAdapterTest {
  private static final String ORDER = "5O190127TN364715T";
  private final StubProvider paypal;
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final PlugipayEngine engine;

  PaypalAdapterTest() throws Exception {
    paypal = new StubProvider();
    PaypalAdapter adapter = PaypalAdapter.builder().baseUrl(paypal.baseUrl())
        .credentials("client-id", "client-secret").webhookId("WH-123").build();
    engine = PlugipayEngine.builder().store(store)
        .adapter(AdapterResilience.builder().retry(3, Duration.ofMillis(5)).build().decorate(adapter))
        .route(CheckoutMethod.VA, "manual").expirySweepInterval(Duration.ZERO).build();
  }

  @BeforeEach
  void oauth() {
    paypal.on("POST /v1/oauth2/token", Reply.json(200,
        "{\"scope\":\"https://uri.paypal.com/services/payments\",\"access_token\":\"A21AAFEpH4PsADK7qSS7pSRsgzfENtu\","
            + "\"token_type\":\"Bearer\",\"app_id\":\"APP-80W284485P519543T\",\"expires_in\":31668,\"nonce\":\"n\"}"));
    paypal.on("POST /v2/checkout/orders", Reply.json(200, "{\"id\":\"" + ORDER + "\",\"status\":\"PAYER_ACTION_REQUIRED\","
        + "\"payment_source\":{\"paypal\":{}},\"links\":[{\"href\":\"https://api-m.paypal.com/v2/checkout/orders/" + ORDER
        + "\",\"rel\":\"self\",\"method\":\"GET\"},{\"href\":\"https://www.paypal.com/checkoutnow?token=" + ORDER
        + "\",\"rel\":\"payer-action\",\"method\":\"GET\"}]}"));
  }

  @AfterEach
  void close() {
    engine.close();
    paypal.close();
  }

  /** Issue 18, item 8: the cached token ages on the clock given (the engine's), not the system's. */
  @Test
  void theCachedTokenAgesOnTheClockGiven() {
    MutableClock clock = MutableClock.startingAtEpochOfTests();
    PaypalAdapter adapter = PaypalAdapter.builder().baseUrl(paypal.baseUrl())
        .credentials("client-id", "client-secret").webhookId("WH-123").clock(clock).build();
    try (PlugipayEngine onClock = PlugipayEngine.builder().adapter(adapter).clock(clock)
        .adapterDecorator(a -> a).expirySweepInterval(Duration.ZERO).build()) {
      for (int i = 0; i < 3; i++) {
        CheckoutSession s = onClock.checkoutSessions().create(CheckoutSessionCreateParams.builder()
            .amount(150_00).currency(Currency.USD).methods(CheckoutMethod.PAYPAL)
            .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no").build());
        onClock.hostedCheckout().pay(s.hostedUrl().substring(s.hostedUrl().lastIndexOf('/') + 1),
            CheckoutMethod.PAYPAL);
        if (i == 1) {
          clock.advance(Duration.ofSeconds(31_668)); // past expires_in (less its minute of margin)
        }
      }
    }
    assertThat(paypal.requests("POST /v1/oauth2/token")).as("one token, then a fresh one")
        .hasSize(2);
  }

  private CheckoutSession session(Currency currency, CheckoutMethod... methods) {
    return engine.checkoutSessions().create(CheckoutSessionCreateParams.builder()
        .amount(150_00).currency(currency).methods(methods)
        .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
        .metadata(Map.of("order_id", "o_" + System.nanoTime())).build());
  }

  private PaymentAction pay(CheckoutSession s) {
    return engine.hostedCheckout().pay(s.hostedUrl().substring(s.hostedUrl().lastIndexOf('/') + 1), CheckoutMethod.PAYPAL);
  }

  private static Map<String, List<String>> transmission() {
    return Map.of("PAYPAL-AUTH-ALGO", List.of("SHA256withRSA"),
        "PAYPAL-CERT-URL", List.of("https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42"),
        "PAYPAL-TRANSMISSION-ID", List.of("69cd13f0-d67a-11e5-baa3-778b53f4ae55"),
        "PAYPAL-TRANSMISSION-SIG", List.of("lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz+Zjh3s3boXB07VXCXUZy/UFzUlnGJn0wDugt7FlSvdKeIJenLRemUxYCPVoEZzg9VFNqOa48gMkvF+XTpxBeUx/kWy6B5cp7GkT2+pOowfRK7OaynuxUoKW3JcMWw272VKjLTtTAShncla7tGF+55rxyt2KNZIIqxNMJ48RDZheGU5w1npu9dZHnPgTXB9iomeVRoD8O/jhRpnKsGrDschyNdkeh81BJJMH4Ctc6lnCCquoP/GzCzz33MMsNdid7vL/NIWaCsekQpW26FpWPi/tfj8nLA=="),
        "PAYPAL-TRANSMISSION-TIME", List.of("2026-11-24T11:00:00Z"));
  }

  private ProviderNotifications.Result webhook(String event) {
    return engine.providerNotifications().handle("paypal", transmission(), event.getBytes(StandardCharsets.UTF_8));
  }

  private String attemptId(CheckoutSession s) {
    return store.currentAttempt(s.accountId(), s.id()).orElseThrow().id();
  }

  @Test
  void payCreatesAnOrderWithADecimalAmountAndTheApprovalWebhookCapturesIt() throws Exception {
    CheckoutSession s = session(Currency.USD, CheckoutMethod.PAYPAL);
    PaymentAction action = pay(s);
    assertThat(action.value()).isEqualTo("https://www.paypal.com/checkoutnow?token=" + ORDER);
    StubProvider.Request token = paypal.requests("POST /v1/oauth2/token").get(0);
    assertThat(token.body()).isEqualTo("grant_type=client_credentials");
    assertThat(token.header("Authorization")).startsWith("Basic ");
    StubProvider.Request order = paypal.requests("POST /v2/checkout/orders").get(0);
    assertThat(order.header("Authorization")).isEqualTo("Bearer A21AAFEpH4PsADK7qSS7pSRsgzfENtu");
    assertThat(order.header("PayPal-Request-Id")).isEqualTo(attemptId(s));
    JsonNode body = ProviderHttp.JSON.readTree(order.body());
    assertThat(body.at("/purchase_units/0/amount/value").asText()).isEqualTo("150.00");
    assertThat(body.at("/purchase_units/0/amount/currency_code").asText()).isEqualTo("USD");
    assertThat(body.at("/purchase_units/0/custom_id").asText()).isEqualTo(attemptId(s));
    assertThat(body.at("/payment_source/paypal/experience_context/return_url").asText()).isEqualTo("https://shop.example/ok");

    paypal.on("POST /v1/notifications/verify-webhook-signature", Reply.json(200, "{\"verification_status\":\"SUCCESS\"}"));
    paypal.on("POST /v2/checkout/orders/" + ORDER + "/capture", Reply.json(201, "{\"id\":\"" + ORDER
        + "\",\"status\":\"COMPLETED\",\"purchase_units\":[{\"reference_id\":\"" + s.id() + "\",\"payments\":{\"captures\":[{\"id\":\"3C679366HH908993F\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"150.00\"}}]}}]}"));
    String approved = "{\"id\":\"WH-COC11055RA711503B-4YM959094A144403T\",\"event_version\":\"1.0\",\"create_time\":\"2026-11-24T11:00:00.000Z\","
        + "\"resource_type\":\"checkout-order\",\"event_type\":\"CHECKOUT.ORDER.APPROVED\",\"summary\":\"An order has been approved by buyer\","
        + "\"resource\":{\"id\":\"" + ORDER + "\",\"intent\":\"CAPTURE\",\"status\":\"APPROVED\",\"purchase_units\":[{\"reference_id\":\"" + s.id()
        + "\",\"custom_id\":\"" + attemptId(s) + "\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"150.00\"}}]}}";
    assertThat(webhook(approved).outcome()).isEqualTo(ProviderNotifications.Outcome.APPLIED);
    CheckoutSession done = engine.checkoutSessions().get(s.id());
    assertThat(done.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(done.adapter()).isEqualTo("paypal");
    StubProvider.Request capture = paypal.requests("POST /v2/checkout/orders/" + ORDER + "/capture").get(0);
    assertThat(capture.header("PayPal-Request-Id")).isEqualTo("capture-" + ORDER);
    JsonNode verify = ProviderHttp.JSON.readTree(paypal.requests("POST /v1/notifications/verify-webhook-signature").get(0).body());
    assertThat(verify.get("webhook_id").asText()).isEqualTo("WH-123");
    assertThat(verify.get("transmission_id").asText()).isEqualTo("69cd13f0-d67a-11e5-baa3-778b53f4ae55");
    assertThat(verify.at("/webhook_event/event_type").asText()).isEqualTo("CHECKOUT.ORDER.APPROVED");
    assertThat(paypal.requests("POST /v1/oauth2/token")).as("the token is cached").hasSize(1);
  }

  @Test
  void aCaptureCompletedWebhookCompletesAndADeniedOneReopens() {
    CheckoutSession s = session(Currency.USD, CheckoutMethod.PAYPAL);
    pay(s);
    paypal.on("POST /v1/notifications/verify-webhook-signature", Reply.json(200, "{\"verification_status\":\"SUCCESS\"}"));
    String denied = "{\"event_type\":\"PAYMENT.CAPTURE.DENIED\",\"resource\":{\"id\":\"7NW873794T343360M\",\"status\":\"DECLINED\","
        + "\"custom_id\":\"" + attemptId(s) + "\",\"supplementary_data\":{\"related_ids\":{\"order_id\":\"" + ORDER + "\"}},"
        + "\"amount\":{\"currency_code\":\"USD\",\"value\":\"150.00\"}}}";
    webhook(denied);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
    pay(s);
    String completed = "{\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\",\"resource\":{\"id\":\"2GG279541U471931P\",\"status\":\"COMPLETED\","
        + "\"custom_id\":\"" + attemptId(s) + "\",\"supplementary_data\":{\"related_ids\":{\"order_id\":\"" + ORDER + "\"}},"
        + "\"amount\":{\"currency_code\":\"USD\",\"value\":\"150.00\"}}}";
    webhook(completed);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
  }

  @Test
  void aWebhookPaypalDoesNotVerifyIsRejected() {
    CheckoutSession s = session(Currency.USD, CheckoutMethod.PAYPAL);
    pay(s);
    paypal.on("POST /v1/notifications/verify-webhook-signature", Reply.json(200, "{\"verification_status\":\"FAILURE\"}"));
    String completed = "{\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\",\"resource\":{\"custom_id\":\"" + attemptId(s) + "\"}}";
    assertThatThrownBy(() -> webhook(completed)).isInstanceOfSatisfying(PlugipayException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    assertThatThrownBy(() -> engine.providerNotifications().handle("paypal", Map.of(),
        completed.getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(PlugipayException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING);
  }

  @Test
  void idrSessionsCannotOfferPaypal() {
    assertThatThrownBy(() -> session(Currency.IDR, CheckoutMethod.PAYPAL))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
          assertThat(e.param()).isEqualTo("methods");
        });
  }

  @Test
  void reconciliationCapturesAnApprovedOrderWhoseWebhookWasLost() {
    CheckoutSession s = session(Currency.USD, CheckoutMethod.PAYPAL);
    pay(s);
    paypal.on("GET /v2/checkout/orders/" + ORDER, Reply.json(200, "{\"id\":\"" + ORDER + "\",\"status\":\"APPROVED\"}"));
    paypal.on("POST /v2/checkout/orders/" + ORDER + "/capture", Reply.json(503, "{}"),
        Reply.json(201, "{\"id\":\"" + ORDER + "\",\"status\":\"COMPLETED\"}"));
    assertThat(engine.reconcile()).isEqualTo(1);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    List<StubProvider.Request> captures = paypal.requests("POST /v2/checkout/orders/" + ORDER + "/capture");
    assertThat(captures).hasSize(2).allSatisfy(r -> assertThat(r.header("PayPal-Request-Id")).isEqualTo("capture-" + ORDER));
  }

  @Test
  void cancelVoidsAnUnapprovedOrderButNotAnApprovedOne() {
    CheckoutSession unapproved = session(Currency.USD, CheckoutMethod.PAYPAL);
    pay(unapproved);
    paypal.on("GET /v2/checkout/orders/" + ORDER, Reply.json(200, "{\"id\":\"" + ORDER + "\",\"status\":\"PAYER_ACTION_REQUIRED\"}"));
    assertThat(engine.checkoutSessions().cancel(unapproved.id()).status()).isEqualTo(CheckoutSessionStatus.CANCELED);

    CheckoutSession approved = session(Currency.USD, CheckoutMethod.PAYPAL);
    pay(approved);
    paypal.on("GET /v2/checkout/orders/" + ORDER, Reply.json(200, "{\"id\":\"" + ORDER + "\",\"status\":\"APPROVED\"}"));
    assertThatThrownBy(() -> engine.checkoutSessions().cancel(approved.id()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT));
    assertThat(engine.checkoutSessions().get(approved.id()).status()).isEqualTo(CheckoutSessionStatus.PENDING);
  }
}
