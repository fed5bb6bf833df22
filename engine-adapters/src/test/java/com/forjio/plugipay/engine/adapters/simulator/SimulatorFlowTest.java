package com.forjio.plugipay.engine.adapters.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PaymentAction;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.ProviderNotifications.Outcome;
import com.forjio.plugipay.engine.adapters.AdapterResilience;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import com.forjio.plugipay.engine.spi.SessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The customer's pay flow end to end with the simulator, on the in-memory store and on MariaDB. */
class SimulatorFlowTest {

  /** The stores the flow runs on: in memory, and the jOOQ store on MariaDB (PLUGIPAY_TEST_MARIADB_URL). */
  static Stream<String> stores() {
    return Stream.of("memory", "mariadb");
  }

  private static SessionStore store(String kind) {
    if (kind.equals("memory")) {
      return new InMemorySessionStore();
    }
    String url = System.getenv("PLUGIPAY_TEST_MARIADB_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("set PLUGIPAY_TEST_MARIADB_URL to a MariaDB/MySQL JDBC URL"
          + " (CI: source .ci/test-env.sh)");
    }
    return JooqSessionStore.builder().hikari(url, null, null).build();
  }

  private static final class Shop implements AutoCloseable {
    final SessionStore store;
    final SimulatorAdapter simulator = new SimulatorAdapter("http://127.0.0.1:8080/sim", "simulator-secret-123");
    final AdapterResilience resilience = AdapterResilience.builder().timeout(Duration.ofMillis(300))
        .circuitBreaker(50, 4, 4, Duration.ofMinutes(5)).retry(3, Duration.ofMillis(5)).build();
    final PlugipayEngine engine;

    Shop(String kind) {
      store = store(kind);
      engine = PlugipayEngine.builder().store(store).adapter(resilience.decorate(simulator))
          .expirySweepInterval(Duration.ZERO).build();
      simulator.connect(engine.providerNotifications());
    }

    CheckoutSession create() {
      return engine.checkoutSessions().create(CheckoutSessionCreateParams.builder()
          .amount(250_000_00).currency(Currency.IDR).methods(CheckoutMethod.QRIS, CheckoutMethod.EWALLET)
          .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
          .metadata(Map.of("order_id", "o_" + System.nanoTime())).build());
    }

    PaymentAction pay(CheckoutSession s, CheckoutMethod m) {
      return engine.hostedCheckout().pay(s.hostedUrl().substring(s.hostedUrl().lastIndexOf('/') + 1), m);
    }

    String reference(CheckoutSession s) {
      return store.currentAttempt(s.accountId(), s.id()).orElseThrow().providerReference();
    }

    List<String> history(CheckoutSession s) {
      return store.events(s.accountId(), s.id()).stream().map(CheckoutSessionEvent::type).toList();
    }

    CheckoutSession get(CheckoutSession s) {
      return engine.checkoutSessions().get(s.id());
    }

    @Override
    public void close() {
      engine.close();
      store.close();
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void payWithTheSimulatorAndItsNotificationCompletesTheSession(String kind) {
    try (Shop shop = new Shop(kind)) {
      CheckoutSession s = shop.create();
      PaymentAction action = shop.pay(s, CheckoutMethod.QRIS);
      assertThat(action.kind()).isEqualTo(PaymentAction.Kind.REDIRECT);
      assertThat(action.value()).startsWith("http://127.0.0.1:8080/sim/sim_");
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.PENDING);
      assertThat(shop.simulator.settle(shop.reference(s), ProviderOutcome.PAID).outcome())
          .isEqualTo(Outcome.APPLIED);
      CheckoutSession paid = shop.get(s);
      assertThat(paid.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
      assertThat(paid.adapter()).isEqualTo("simulator");
      assertThat(shop.history(s)).containsExactly(CheckoutSessionEvent.TYPE_CREATED,
          CheckoutSessionEvent.TYPE_PENDING, CheckoutSessionEvent.TYPE_COMPLETED);
      assertThat(shop.simulator.settle(shop.reference(s), ProviderOutcome.PAID).outcome())
          .as("a replayed notification changes nothing").isEqualTo(Outcome.UNCHANGED);
      assertThat(shop.history(s)).hasSize(3);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aFailedPaymentReopensAndTheSecondTryCompletes(String kind) {
    try (Shop shop = new Shop(kind)) {
      CheckoutSession s = shop.create();
      shop.pay(s, CheckoutMethod.QRIS);
      shop.simulator.settle(shop.reference(s), ProviderOutcome.FAILED);
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.OPEN);
      shop.pay(s, CheckoutMethod.EWALLET);
      shop.simulator.settle(shop.reference(s), ProviderOutcome.PAID);
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
      assertThat(shop.history(s)).filteredOn(CheckoutSessionEvent.TYPE_COMPLETED::equals).hasSize(1);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void reviewHoldsThePaymentAndConfirmIsForbiddenOnSimulatorSessions(String kind) {
    try (Shop shop = new Shop(kind)) {
      CheckoutSession s = shop.create();
      assertThatThrownBy(() -> shop.engine.checkoutSessions().confirm(s.id()))
          .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
      shop.pay(s, CheckoutMethod.QRIS);
      shop.simulator.settle(shop.reference(s), ProviderOutcome.REVIEW);
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.PENDING_REVIEW);
      assertThatThrownBy(() -> shop.engine.checkoutSessions().confirm(s.id()))
          .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
      shop.simulator.settle(shop.reference(s), ProviderOutcome.PAID);
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    }
  }

  @Test
  void aTamperedNotificationIsRejectedWithoutTouchingState() {
    try (Shop shop = new Shop("memory")) {
      CheckoutSession s = shop.create();
      shop.pay(s, CheckoutMethod.QRIS);
      String ref = shop.reference(s);
      String attempt = shop.store.currentAttempt(s.accountId(), s.id()).orElseThrow().id();
      byte[] honest = shop.simulator.notificationBody(ref, attempt, ProviderOutcome.FAILED, 250_000_00);
      byte[] forged = shop.simulator.notificationBody(ref, attempt, ProviderOutcome.PAID, 250_000_00);
      assertThatThrownBy(() -> shop.engine.providerNotifications().handle("simulator",
          Map.of("X-Simulator-Signature", List.of(shop.simulator.sign(honest))), forged))
          .isInstanceOfSatisfying(PlugipayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
      assertThatThrownBy(() -> shop.engine.providerNotifications().handle("simulator", Map.of(),
          "not json".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(PlugipayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.PENDING);
    }
  }

  @Test
  void repeatedProviderErrorsOpenTheBreakerAndTheCustomerCanTryAgainLater() {
    try (Shop shop = new Shop("memory")) {
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      shop.resilience.bindTo(meters);
      CheckoutSession s = shop.create();
      for (int i = 0; i < 4; i++) {
        shop.simulator.inject(new SimulatorAdapter.Fault.Error());
        assertThatThrownBy(() -> shop.pay(s, CheckoutMethod.QRIS))
            .isInstanceOfSatisfying(PlugipayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
      }
      assertThatThrownBy(() -> shop.pay(s, CheckoutMethod.QRIS))
          .isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
            assertThat(e.getMessage()).contains("circuit breaker is open");
          });
      assertThat(shop.get(s).status()).as("still payable").isEqualTo(CheckoutSessionStatus.OPEN);
      assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "simulator")
          .tag("state", "open").gauge().value()).isEqualTo(1.0);
      shop.resilience.circuitBreakers().circuitBreaker("simulator").transitionToClosedState();
      shop.pay(s, CheckoutMethod.QRIS);
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.PENDING);
    }
  }

  /** Issue 18, item 3: an open breaker guarded the inbound notification too, and refused it. */
  @Test
  void anOpenBreakerStillLetsAPaidNotificationCompleteItsSession() {
    try (Shop shop = new Shop("memory")) {
      CheckoutSession s = shop.create();
      shop.pay(s, CheckoutMethod.QRIS);
      shop.resilience.circuitBreakers().circuitBreaker("simulator").transitionToOpenState();
      assertThat(shop.simulator.settle(shop.reference(s), ProviderOutcome.PAID).outcome())
          .isEqualTo(Outcome.APPLIED);
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
      assertThat(shop.resilience.circuitBreakers().circuitBreaker("simulator").getState())
          .hasToString("OPEN");
    }
  }

  @Test
  void aProviderThatHangsTimesOutAsUnavailableAndIdempotentReadsAreRetried() {
    try (Shop shop = new Shop("memory")) {
      CheckoutSession s = shop.create();
      shop.simulator.inject(new SimulatorAdapter.Fault.Hang(Duration.ofMillis(800)));
      assertThatThrownBy(() -> shop.pay(s, CheckoutMethod.QRIS))
          .isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
            assertThat(e.getMessage()).contains("did not answer");
          });
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.OPEN);
      shop.pay(s, CheckoutMethod.QRIS);
      // the provider marks it paid but the callback is lost; two errors, then the status read works
      String ref = shop.reference(s);
      shop.simulator.inject(new SimulatorAdapter.Fault.Latency(Duration.ZERO));
      shop.simulator.connect((adapter, headers, body) -> null); // drop the callback
      shop.simulator.settle(ref, ProviderOutcome.PAID);
      shop.simulator.connect(shop.engine.providerNotifications());
      shop.simulator.inject(new SimulatorAdapter.Fault.Error(), new SimulatorAdapter.Fault.Error());
      assertThat(shop.engine.reconcile()).isEqualTo(1);
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    }
  }

  @Test
  void aDeclineLeavesTheSessionOpen() {
    try (Shop shop = new Shop("memory")) {
      CheckoutSession s = shop.create();
      shop.simulator.inject(new SimulatorAdapter.Fault.Decline("insufficient funds"));
      assertThatThrownBy(() -> shop.pay(s, CheckoutMethod.QRIS))
          .isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED);
            assertThat(e.getMessage()).contains("insufficient funds");
          });
      assertThat(shop.get(s).status()).isEqualTo(CheckoutSessionStatus.OPEN);
    }
  }
}
