package com.forjio.plugipay.engine.event;

import static com.forjio.plugipay.engine.testing.WebhookReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.testing.MutableClock;
import com.forjio.plugipay.engine.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signed HTTP deliveries to a receiver on 127.0.0.1: order, retries, failure, replay, disabling. */
class WebhookDeliveryTest {
  private static final String SECRET = "whsec_0123456789abcdef";
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  /** What an application does: verify with the SDK-compatible verifier, against its clock. */
  private final WebhookReceiver hooks = new WebhookReceiver(SECRET, clock);
  private PlugipayEngine engine;

  private PlugipayEngine engine(int maxAttempts) {
    engine = PlugipayEngine.builder().clock(clock).expirySweepInterval(Duration.ZERO)
        .eventPollInterval(Duration.ofMillis(10))
        .eventRetryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .webhookMaxAttempts(maxAttempts).build();
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    hooks.close();
  }

  private CheckoutSession create(String order) {
    return engine.checkoutSessions().create(CheckoutSessionCreateParams.builder().amount(50_000)
        .currency(Currency.IDR).methods(CheckoutMethod.VA).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no").metadata(Map.of("order_id", order)).build());
  }

  @Test
  void eventsArriveSignedInOrderAndAreRecordedAsDelivered() throws Exception {
    engine(5);
    WebhookEndpoint endpoint = engine.webhooks().register(hooks.url(), SECRET, Set.of());
    CheckoutSession s = create("o_1");
    engine.checkoutSessions().confirm(s.id());
    await(() -> hooks.received.size() == 2);
    assertThat(hooks.received).extracting(Event::type).containsExactly(CheckoutSessionEvent.TYPE_CREATED,
        CheckoutSessionEvent.TYPE_COMPLETED);
    assertThat(((CheckoutSessionEvent) hooks.received.get(1)).session().metadata()).containsEntry("order_id", "o_1");
    await(() -> engine.webhooks().deliveries(endpoint.id()).size() == 2);
    assertThat(engine.webhooks().deliveries(endpoint.id())).allSatisfy(d -> {
      assertThat(d.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
      assertThat(d.attempts()).isEqualTo(1);
      assertThat(d.lastStatusCode()).isEqualTo(200);
    });
  }

  @Test
  void onlyTheRegisteredTypesAreSent() throws Exception {
    engine(5);
    engine.webhooks().register(hooks.url(), SECRET, Set.of(CheckoutSessionEvent.TYPE_COMPLETED));
    CheckoutSession s = create("o_2");
    engine.checkoutSessions().confirm(s.id());
    await(() -> hooks.received.size() == 1);
    Thread.sleep(100);
    assertThat(hooks.received).extracting(Event::type).containsExactly(CheckoutSessionEvent.TYPE_COMPLETED);
  }

  @Test
  void aFailingDeliveryIsRetriedThenMarkedFailedAndCanBeReplayed() throws Exception {
    engine(3);
    hooks.status.set(500);
    WebhookEndpoint endpoint = engine.webhooks().register(hooks.url(), SECRET, Set.of());
    CheckoutSession s = create("o_3");
    await(() -> !engine.webhooks().failedDeliveries().isEmpty());
    WebhookDelivery failed = engine.webhooks().failedDeliveries().get(0);
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(failed.lastStatusCode()).isEqualTo(500);
    assertThat(failed.history()).hasSize(3).allSatisfy(a -> {
      assertThat(a.statusCode()).isEqualTo(500);
      assertThat(a.error()).isEqualTo("HTTP 500");
    });
    assertThat(hooks.posts.get()).isEqualTo(3);
    // giving up lets the session's next event go (it fails too while the receiver is down)
    engine.checkoutSessions().cancel(s.id());
    await(() -> engine.webhooks().failedDeliveries().size() == 2);
    hooks.status.set(200);
    WebhookDelivery replayed = engine.webhooks().replay(endpoint.id(), failed.eventId());
    assertThat(replayed.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
    assertThat(replayed.history()).hasSize(4);
    assertThat(replayed.history().get(3).statusCode()).isEqualTo(200);
    assertThat(hooks.received).extracting(Event::id).containsExactly(failed.eventId());
    assertThat(engine.webhooks().failedDeliveries()).hasSize(1);
    assertThatThrownBy(() -> engine.webhooks().replay(endpoint.id(), failed.eventId()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void anEndpointFailingTwentyTimesOverADayIsDisabledWithAnEvent() throws Exception {
    engine(100);
    List<Event> local = new CopyOnWriteArrayList<>();
    engine.events().subscribe(local::add);
    hooks.status.set(503);
    WebhookEndpoint endpoint = engine.webhooks().register(hooks.url(), SECRET, Set.of());
    create("o_4");
    await(() -> hooks.posts.get() >= 19);
    assertThat(engine.webhooks().list().get(0).active()).as("not within 24 h").isTrue();
    clock.advance(Duration.ofHours(25));
    await(() -> !engine.webhooks().list().get(0).active());
    await(() -> local.stream().anyMatch(e -> e instanceof WebhookEndpointDisabledEvent));
    WebhookEndpointDisabledEvent disabled = (WebhookEndpointDisabledEvent) local.stream()
        .filter(e -> e instanceof WebhookEndpointDisabledEvent).findFirst().orElseThrow();
    assertThat(disabled.type()).isEqualTo("plugipay.webhook_endpoint.disabled.v1");
    assertThat(disabled.endpoint().id()).isEqualTo(endpoint.id());
    int after = hooks.posts.get();
    create("o_5");
    Thread.sleep(200);
    assertThat(hooks.posts.get()).as("a disabled endpoint gets nothing").isEqualTo(after);
  }

  @Test
  void registrationIsValidated() {
    engine(5);
    assertThatThrownBy(() -> engine.webhooks().register("ftp://x", SECRET, Set.of()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("url"));
    assertThatThrownBy(() -> engine.webhooks().register(hooks.url(), "short", Set.of()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("secret"));
    assertThatThrownBy(() -> engine.webhooks().deliveries(null))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> engine.webhooks().replay(null, null))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }
}
