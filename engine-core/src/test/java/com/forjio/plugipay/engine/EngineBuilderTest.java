package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.spi.PaymentAdapter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The builder fails fast: a bad value or a second call is refused at once, naming the setting. */
class EngineBuilderTest {

  private static PaymentAdapter adapter(String name, CheckoutMethod... methods) {
    return new PaymentAdapter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<CheckoutMethod> methods() {
        return Set.of(methods);
      }
    };
  }

  private static void refused(ThrowingCallable call, String setting) {
    assertThatThrownBy(call).isInstanceOfSatisfying(PlugipayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
      assertThat(e.param()).isEqualTo(setting);
    });
  }

  static Stream<Arguments> nullSettings() {
    return Stream.of(
        Arguments.of("store", (Consumer<PlugipayEngine.Builder>) b -> b.store(null)),
        Arguments.of("adapter", (Consumer<PlugipayEngine.Builder>) b -> b.adapter(null)),
        Arguments.of("clock", (Consumer<PlugipayEngine.Builder>) b -> b.clock(null)),
        Arguments.of("hostedBaseUrl", (Consumer<PlugipayEngine.Builder>) b -> b.hostedBaseUrl(null)),
        Arguments.of("defaultAccountId", (Consumer<PlugipayEngine.Builder>) b -> b.defaultAccountId(null)),
        Arguments.of("listener", (Consumer<PlugipayEngine.Builder>) b -> b.listener(null)),
        Arguments.of("idempotencyKeyRetention", (Consumer<PlugipayEngine.Builder>) b -> b.idempotencyKeyRetention(null)),
        Arguments.of("eventRetryBackoff", (Consumer<PlugipayEngine.Builder>) b -> b.eventRetryBackoff(null, Duration.ofSeconds(1))),
        Arguments.of("expirySweepInterval", (Consumer<PlugipayEngine.Builder>) b -> b.expirySweepInterval(null)),
        Arguments.of("eventPollInterval", (Consumer<PlugipayEngine.Builder>) b -> b.eventPollInterval(null)),
        Arguments.of("route", (Consumer<PlugipayEngine.Builder>) b -> b.route(null, "manual")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nullSettings")
  void aNullSettingIsRefusedNamingIt(String setting, Consumer<PlugipayEngine.Builder> set) {
    refused(() -> set.accept(PlugipayEngine.builder()), setting);
  }

  @Test
  void aSecondCallOfASetterIsRefused() {
    refused(() -> PlugipayEngine.builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()), "clock");
    refused(() -> PlugipayEngine.builder().hostedBaseUrl("https://a.example")
        .hostedBaseUrl("https://b.example"), "hostedBaseUrl");
    refused(() -> PlugipayEngine.builder().eventThreads(2).eventThreads(3), "eventThreads");
    refused(() -> PlugipayEngine.builder().route(CheckoutMethod.VA, "manual")
        .route(CheckoutMethod.VA, "manual"), "route");
  }

  @Test
  void outOfRangeValuesAreRefusedWithTheBoundInTheMessage() {
    assertThatThrownBy(() -> PlugipayEngine.builder().idempotencyKeyRetention(Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.param()).isEqualTo("idempotencyKeyRetention");
          assertThat(e.getMessage()).contains("PT1M").contains("PT30S");
        });
    refused(() -> PlugipayEngine.builder().eventRetryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)), "eventRetryBackoff");
    refused(() -> PlugipayEngine.builder().expirySweepInterval(Duration.ofMillis(1)), "expirySweepInterval");
    refused(() -> PlugipayEngine.builder().expirySweepInterval(Duration.ofSeconds(-1)), "expirySweepInterval");
    refused(() -> PlugipayEngine.builder().eventPollInterval(Duration.ofHours(2)), "eventPollInterval");
    refused(() -> PlugipayEngine.builder().eventThreads(0), "eventThreads");
    refused(() -> PlugipayEngine.builder().eventThreads(65), "eventThreads");
    refused(() -> PlugipayEngine.builder().defaultAccountId(" "), "defaultAccountId");
    refused(() -> PlugipayEngine.builder().hostedBaseUrl("ftp://pay.example/c"), "hostedBaseUrl");
    refused(() -> PlugipayEngine.builder().hostedBaseUrl("/c"), "hostedBaseUrl");
    refused(() -> PlugipayEngine.builder().hostedBaseUrl("https://pay.example/c?x=1"), "hostedBaseUrl");
  }

  @Test
  void adapterNamesAreCheckedAndUnique() {
    refused(() -> PlugipayEngine.builder().adapter(adapter("Bad Name", CheckoutMethod.VA)), "adapter");
    refused(() -> PlugipayEngine.builder().adapter(adapter("manual", CheckoutMethod.VA)), "adapter");
    refused(() -> PlugipayEngine.builder().adapter(adapter("xendit", CheckoutMethod.VA))
        .adapter(adapter("xendit", CheckoutMethod.QRIS)), "adapter");
    refused(() -> PlugipayEngine.builder().adapter(adapter("empty")), "adapter");
  }

  @Test
  void routesAreCheckedWhenTheEngineIsBuilt() {
    refused(() -> PlugipayEngine.builder().route(CheckoutMethod.VA, "nobody").build(), "route");
    refused(() -> PlugipayEngine.builder().adapter(adapter("qrisco", CheckoutMethod.QRIS))
        .route(CheckoutMethod.VA, "qrisco").build(), "route");
    try (PlugipayEngine engine = PlugipayEngine.builder()
        .adapter(adapter("qrisco", CheckoutMethod.QRIS)).route(CheckoutMethod.VA, "manual").build()) {
      CheckoutSession manual = engine.checkoutSessions().create(CreateValidationTest.valid()
          .methods(CheckoutMethod.VA).build());
      assertThat(engine.checkoutSessions().confirm(manual.id()).adapter()).isEqualTo("manual");
    }
  }

  @Test
  void defaultsGiveTheDefaultAccountAndUnguessableHostedUrls() {
    try (PlugipayEngine engine = PlugipayEngine.builder().build()) {
      assertThat(engine.defaultAccountId()).isEqualTo("acct_default");
      Set<String> tokens = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        CheckoutSession s = engine.checkoutSessions().create(CreateValidationTest.valid()
            .metadata(java.util.Map.of("n", Integer.toString(i))).build());
        assertThat(s.accountId()).isEqualTo("acct_default");
        assertThat(s.id()).matches("cs_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(s.hostedUrl()).startsWith("http://localhost:8080/c/");
        String token = s.hostedUrl().substring("http://localhost:8080/c/".length());
        assertThat(token).matches("[A-Za-z0-9_-]{22,}"); // at least 128 bits of base64url
        tokens.add(token);
      }
      assertThat(tokens).hasSize(200);
    }
  }

  @Test
  void aCustomHostedBaseUrlLosesItsTrailingSlash() {
    try (PlugipayEngine engine = PlugipayEngine.builder().hostedBaseUrl("https://pay.shop.example/c/")
        .defaultAccountId("acct_shop").build()) {
      CheckoutSession s = engine.checkoutSessions().create(CreateValidationTest.valid().build());
      assertThat(s.hostedUrl()).startsWith("https://pay.shop.example/c/").doesNotContain("/c//");
      assertThat(s.accountId()).isEqualTo("acct_shop");
    }
  }

  @Test
  void closeIsIdempotentAndStopsTheBackgroundThreads() throws InterruptedException {
    Set<String> before = engineThreads();
    PlugipayEngine engine = PlugipayEngine.builder().expirySweepInterval(Duration.ofMillis(10)).build();
    engine.checkoutSessions().create(CreateValidationTest.valid().build());
    Set<String> ours = engineThreads();
    ours.removeAll(before);
    assertThat(ours).anyMatch(n -> n.startsWith("plugipay-outbox-"))
        .anyMatch(n -> n.startsWith("plugipay-sweeper-"));
    engine.close();
    engine.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (engineThreads().stream().anyMatch(ours::contains) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(engineThreads()).doesNotContainAnyElementsOf(ours);
  }

  private static Set<String> engineThreads() {
    Set<String> names = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("plugipay-") && t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }
}
