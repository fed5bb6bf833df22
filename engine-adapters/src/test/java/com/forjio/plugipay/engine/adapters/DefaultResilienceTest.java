package com.forjio.plugipay.engine.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.adapters.simulator.SimulatorAdapter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With engine-adapters on the class path, every provider adapter gets the default policy. */
class DefaultResilienceTest {

  private static CheckoutSession session(PlugipayEngine engine) {
    return engine.checkoutSessions().create(CheckoutSessionCreateParams.builder().amount(10_000)
        .currency(Currency.IDR).methods(CheckoutMethod.QRIS).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no").metadata(Map.of("n", Long.toString(System.nanoTime()))).build());
  }

  private static String token(CheckoutSession s) {
    return s.hostedUrl().substring(s.hostedUrl().lastIndexOf('/') + 1);
  }

  @Test
  void anUndecoratedAdapterIsGuardedByTheDefaultPolicy() {
    SimulatorAdapter raw = new SimulatorAdapter("http://127.0.0.1:1/sim", "default-policy-secret");
    try (PlugipayEngine engine = PlugipayEngine.builder().adapter(raw)
        .expirySweepInterval(Duration.ZERO).build()) {
      CheckoutSession s = session(engine);
      raw.inject(new SimulatorAdapter.Fault.Error());
      assertThatThrownBy(() -> engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS))
          .isInstanceOfSatisfying(PlugipayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
      CircuitBreaker breaker = AdapterResilience.defaults().circuitBreakers()
          .find(SimulatorAdapter.NAME).orElseThrow();
      assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isPositive();
    }
  }

  @Test
  void anExplicitDecoratorReplacesTheDefaultAndDoubleDecorationIsAvoided() {
    AdapterResilience mine = AdapterResilience.builder().build();
    SimulatorAdapter raw = new SimulatorAdapter("http://127.0.0.1:1/sim", "default-policy-secret");
    com.forjio.plugipay.engine.spi.PaymentAdapter once = mine.decorate(raw);
    assertThat(once).isNotSameAs(raw);
    assertThat(mine.decorate(once)).isSameAs(once);
    assertThat(AdapterResilience.defaults().decorate(once)).isSameAs(once);
    try (PlugipayEngine engine = PlugipayEngine.builder().adapter(raw).adapterDecorator(a -> a)
        .expirySweepInterval(Duration.ZERO).build()) {
      CheckoutSession s = session(engine);
      raw.inject(new SimulatorAdapter.Fault.Error());
      assertThatThrownBy(() -> engine.hostedCheckout().pay(token(s), CheckoutMethod.QRIS))
          .isInstanceOfSatisfying(PlugipayException.class,
              e -> assertThat(e.getMessage()).isEqualTo("simulated provider error"));
    }
  }
}
