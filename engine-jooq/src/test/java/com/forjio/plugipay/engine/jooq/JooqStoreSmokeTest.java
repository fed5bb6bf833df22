package com.forjio.plugipay.engine.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.Page;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JooqStoreSmokeTest {

  @ParameterizedTest
  @EnumSource(Target.class)
  void createConfirmListAndEventsRoundTripThroughTheDatabase(Target target) {
    try (JooqSessionStore store = TestDatabases.freshStore(target);
        PlugipayEngine engine = PlugipayEngine.builder().store(store)
            .expirySweepInterval(Duration.ZERO).build()) {
      CheckoutSessionCreateParams params = CheckoutSessionCreateParams.builder()
          .amount(150_000_00).currency(Currency.IDR).methods(CheckoutMethod.QRIS, CheckoutMethod.VA)
          .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/cancel")
          .lineItems(List.of(new LineItem("Plan \"Pro\" — annual", 1, 150_000_00)))
          .metadata(Map.of("order_id", "o_1", "note", "ünïcode ✓"))
          .build();
      CheckoutSession created = engine.checkoutSessions().create(params, RequestOptions.idempotencyKey("k1"));
      assertThat(engine.checkoutSessions().get(created.id())).isEqualTo(created);
      assertThat(engine.checkoutSessions().create(params, RequestOptions.idempotencyKey("k1")).id())
          .isEqualTo(created.id());
      CheckoutSession paid = engine.checkoutSessions().confirm(created.id());
      assertThat(paid.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
      assertThat(engine.checkoutSessions().get(created.id())).isEqualTo(paid);
      Page<CheckoutSession> page = engine.checkoutSessions().list();
      assertThat(page.data()).containsExactly(paid);
      assertThat(store.events(created.accountId(), created.id()))
          .extracting(e -> e.type())
          .containsExactly("plugipay.checkout_session.created.v1",
              "plugipay.checkout_session.completed.v1");
      assertThat(store.events(created.accountId(), created.id()).get(0).session()).isEqualTo(created);
    }
  }
}
