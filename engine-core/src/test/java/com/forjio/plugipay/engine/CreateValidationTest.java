package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.spi.PaymentAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every create rule answers validation_error (400) naming the parameter; nothing is stored. */
class CreateValidationTest {
  private final PlugipayEngine engine = PlugipayEngine.builder().expirySweepInterval(Duration.ZERO).build();

  @AfterEach
  void close() {
    engine.close();
  }

  static CheckoutSessionCreateParams.Builder valid() {
    return CheckoutSessionCreateParams.builder().amount(150_000_00).currency(Currency.IDR)
        .methods(CheckoutMethod.QRIS, CheckoutMethod.VA)
        .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/cancel");
  }

  private static Map<String, String> metadata(int keys) {
    Map<String, String> m = new HashMap<>();
    IntStream.range(0, keys).forEach(i -> m.put("k" + i, "v"));
    return m;
  }

  static Stream<Arguments> invalid() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of("amount zero", "amount", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.amount(0)));
    cases.add(Arguments.of("amount negative", "amount", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.amount(-1)));
    cases.add(Arguments.of("currency missing", "currency", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.currency(null)));
    cases.add(Arguments.of("methods empty", "methods", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.methods()));
    cases.add(Arguments.of("methods null", "methods", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.methods((List<CheckoutMethod>) null)));
    cases.add(Arguments.of("methods duplicated", "methods", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.methods(CheckoutMethod.VA, CheckoutMethod.VA)));
    cases.add(Arguments.of("methods null element", "methods", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.methods(Arrays.asList(CheckoutMethod.VA, null))));
    for (String url : new String[] {null, "", "  ", "/relative/path", "ftp://shop.example/x",
        "mailto:shop@example.com", "javascript:alert(1)", "http://", "https://exa mple.com/x"}) {
      cases.add(Arguments.of("successUrl '" + url + "'", "successUrl", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.successUrl(url)));
      cases.add(Arguments.of("cancelUrl '" + url + "'", "cancelUrl", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.cancelUrl(url)));
    }
    cases.add(Arguments.of("successUrl too long", "successUrl", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.successUrl("https://shop.example/" + "a".repeat(3000))));
    cases.add(Arguments.of("expiresInSec 59", "expiresInSec", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.expiresInSec(59)));
    cases.add(Arguments.of("expiresInSec 2592001", "expiresInSec", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.expiresInSec(2_592_001)));
    cases.add(Arguments.of("expiresInSec negative", "expiresInSec", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.expiresInSec(-5)));
    cases.add(Arguments.of("line item blank name", "lineItems", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.lineItems(List.of(new LineItem(" ", 1, 150_000_00)))));
    cases.add(Arguments.of("line item null name", "lineItems", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.lineItems(List.of(new LineItem(null, 1, 150_000_00)))));
    cases.add(Arguments.of("line item null", "lineItems", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.lineItems(Arrays.asList((LineItem) null))));
    cases.add(Arguments.of("line item quantity 0", "lineItems", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.lineItems(List.of(new LineItem("x", 0, 150_000_00)))));
    cases.add(Arguments.of("line item unitAmount -1", "lineItems", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.lineItems(List.of(new LineItem("x", 1, -1), new LineItem("y", 1, 150_000_01)))));
    cases.add(Arguments.of("line items sum differs", "lineItems", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.lineItems(List.of(new LineItem("x", 2, 70_000_00)))));
    cases.add(Arguments.of("line items overflow", "lineItems", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.lineItems(List.of(new LineItem("x", Long.MAX_VALUE, 2)))));
    cases.add(Arguments.of("line items sum overflow", "lineItems", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.lineItems(List.of(new LineItem("x", 1, Long.MAX_VALUE), new LineItem("y", 1, Long.MAX_VALUE)))));
    cases.add(Arguments.of("metadata 51 keys", "metadata", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.metadata(metadata(51))));
    cases.add(Arguments.of("metadata blank key", "metadata", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.metadata(Map.of(" ", "v"))));
    cases.add(Arguments.of("metadata 41-char key", "metadata", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.metadata(Map.of("k".repeat(41), "v"))));
    cases.add(Arguments.of("metadata 501-char value", "metadata", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.metadata(Map.of("k", "v".repeat(501)))));
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    cases.add(Arguments.of("metadata null value", "metadata", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.metadata(nullValue)));
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "v");
    cases.add(Arguments.of("metadata null key", "metadata", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.metadata(nullKey)));
    cases.add(Arguments.of("customerId blank", "customerId", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.customerId("  ")));
    cases.add(Arguments.of("customerId 256 chars", "customerId", (UnaryOperator<CheckoutSessionCreateParams.Builder>) b -> b.customerId("c".repeat(256))));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void aBrokenRuleIsAValidationErrorNamingTheParameterAndStoresNothing(String name, String param,
      UnaryOperator<CheckoutSessionCreateParams.Builder> breakIt) {
    CheckoutSessionCreateParams params = breakIt.apply(valid()).build();
    assertThatThrownBy(() -> engine.checkoutSessions().create(params))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo(param);
          assertThat(e.code().wireName()).isEqualTo("validation_error");
        });
    assertThat(engine.checkoutSessions().list().data()).isEmpty();
  }

  @Test
  void nullParametersAreAValidationError() {
    assertThatThrownBy(() -> engine.checkoutSessions().create(null))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("params"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 256})
  void anIdempotencyKeyOutsideOneTo255CharactersIsRefused(int length) {
    assertThatThrownBy(() -> engine.checkoutSessions().create(valid().build(),
        RequestOptions.idempotencyKey("k".repeat(length))))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
          assertThat(e.param()).isEqualTo("idempotencyKey");
        });
    assertThatThrownBy(() -> engine.checkoutSessions().create(valid().build(),
        RequestOptions.idempotencyKey(null)))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("idempotencyKey"));
    assertThat(engine.checkoutSessions().list().data()).isEmpty();
  }

  @Test
  void boundaryValuesAreAccepted() {
    CheckoutSession s = engine.checkoutSessions().create(valid().expiresInSec(60)
        .customerId("c".repeat(255)).metadata(metadata(50)).build(),
        RequestOptions.idempotencyKey("k".repeat(255)));
    assertThat(Duration.between(s.createdAt(), s.expiresAt())).isEqualTo(Duration.ofSeconds(60));
    CheckoutSession longest = engine.checkoutSessions().create(valid().expiresInSec(2_592_000)
        .metadata(Map.of("k".repeat(40), "v".repeat(500))).build());
    assertThat(Duration.between(longest.createdAt(), longest.expiresAt())).isEqualTo(Duration.ofDays(30));
    CheckoutSession free = engine.checkoutSessions().create(valid().amount(1)
        .lineItems(List.of(new LineItem("gift", 3, 0), new LineItem("fee", 1, 1))).build());
    assertThat(free.lineItems()).hasSize(2);
  }

  @Test
  void theDefaultLifetimeIsOneHour() {
    CheckoutSession s = engine.checkoutSessions().create(valid().build());
    assertThat(Duration.between(s.createdAt(), s.expiresAt())).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aMethodNoConfiguredAdapterServesIsRefused() {
    PaymentAdapter qrisOnly = new PaymentAdapter() {
      @Override
      public String name() {
        return "qrisco";
      }

      @Override
      public Set<CheckoutMethod> methods() {
        return Set.of(CheckoutMethod.QRIS);
      }

      @Override
      public Set<Currency> currencies() {
        return Set.of(Currency.IDR);
      }
    };
    try (PlugipayEngine withAdapter = PlugipayEngine.builder().adapter(qrisOnly)
        .expirySweepInterval(Duration.ZERO).build()) {
      assertThat(withAdapter.checkoutSessions().create(valid().methods(CheckoutMethod.QRIS).build())
          .methods()).containsExactly(CheckoutMethod.QRIS);
      assertThatThrownBy(() -> withAdapter.checkoutSessions().create(valid().methods(CheckoutMethod.VA).build()))
          .isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.param()).isEqualTo("methods");
            assertThat(e.getMessage()).contains("va");
          });
      assertThatThrownBy(() -> withAdapter.checkoutSessions().create(valid().currency(Currency.USD)
          .methods(CheckoutMethod.QRIS).build()))
          .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("methods"));
    }
  }

  /**
   * Issue 17, defect 9: a zero-configuration engine served every method as a manual bank transfer,
   * PayPal in rupiah included. Now it takes what the manual adapter serves and refuses the rest.
   */
  @Test
  void aZeroConfigEngineTakesBankTransferAndRupiahQrisAndRefusesWhatNothingServes() {
    CheckoutSession s = engine.checkoutSessions().create(valid().methods(CheckoutMethod.VA,
        CheckoutMethod.QRIS).build());
    assertThat(s.methods()).containsExactly(CheckoutMethod.VA, CheckoutMethod.QRIS);
    assertThat(engine.checkoutSessions().create(valid().currency(Currency.USD)
        .methods(CheckoutMethod.VA).build()).currency()).isEqualTo(Currency.USD);
    for (CheckoutMethod m : new CheckoutMethod[] {CheckoutMethod.PAYPAL, CheckoutMethod.CARD,
        CheckoutMethod.EWALLET, CheckoutMethod.RETAIL}) {
      for (Currency c : Currency.values()) {
        assertThatThrownBy(() -> engine.checkoutSessions().create(valid().currency(c).methods(m).build()))
            .as("%s in %s", m, c)
            .isInstanceOfSatisfying(PlugipayException.class, e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
              assertThat(e.param()).isEqualTo("methods");
              assertThat(e.getMessage()).contains(m.wireName());
            });
      }
    }
    assertThatThrownBy(() -> engine.checkoutSessions().create(valid().currency(Currency.USD)
        .methods(CheckoutMethod.QRIS).build()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.param()).isEqualTo("methods");
          assertThat(e.getMessage()).contains("USD");
        });
    assertThatThrownBy(() -> PlugipayEngine.builder().route(CheckoutMethod.PAYPAL, "manual").build())
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("route"));
  }

  @Test
  void aRefusedCreateKeepsNothingSoACorrectedRetryWithTheSameKeySucceeds() {
    RequestOptions key = RequestOptions.idempotencyKey("order-42");
    assertThatThrownBy(() -> engine.checkoutSessions().create(valid().amount(0).build(), key))
        .isInstanceOf(PlugipayException.class);
    CheckoutSession s = engine.checkoutSessions().create(valid().build(), key);
    assertThat(s.amount()).isEqualTo(150_000_00);
    assertThat(engine.checkoutSessions().create(valid().build(), key).id()).isEqualTo(s.id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://shop.example/ok?x=1#f", "http://localhost:8080/c", "https://[::1]:8443/x",
      "HTTPS://SHOP.EXAMPLE", "https://shop.example/%20ok", "https://shop.example/caf\u00e9", "http://127.0.0.1"})
  void theseUrlsAreAccepted(String url) {
    assertThat(CreateValidation.isHttpUrl(url)).isTrue();
    assertThat(engine.checkoutSessions().create(valid().successUrl(url).build()).successUrl()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://shop.example:123456/", "https://-bad.example/", "https://shop.example/a b",
      "https://shop.example/%zz", "https://user@shop.example/", "https://shop.example/<script>", "http:/shop.example",
      "https://shop.example:/x", "https://[::1/x", "https://shop.example/\u0000"})
  void theseUrlsAreRefused(String url) {
    assertThat(CreateValidation.isHttpUrl(url)).isFalse();
    assertThatThrownBy(() -> engine.checkoutSessions().create(valid().cancelUrl(url).build()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("cancelUrl"));
  }
}
