package com.forjio.plugipay.engine.event;

import static com.forjio.plugipay.engine.testing.WebhookReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.testing.MutableClock;
import com.forjio.plugipay.engine.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 10: an endpoint's delivery history is bounded by count and by age
 * ({@code webhookDeliveryRetention}), and each delivery by its last 20 attempts. Ages come from the
 * engine's clock, moved by hand.
 */
class WebhookRetentionTest {
  private static final String SECRET = "whsec_0123456789abcdef";
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  private final WebhookReceiver receiver = new WebhookReceiver(SECRET, clock);
  private PlugipayEngine engine;
  private int created;

  /** One delivery thread, so deliveries finish in the order the receiver sees them. */
  private PlugipayEngine engine(int maxAttempts, int maxPerEndpoint, Duration maxAge) {
    engine = PlugipayEngine.builder().clock(clock).expirySweepInterval(Duration.ZERO)
        .eventPollInterval(Duration.ofMillis(10)).eventThreads(1)
        .eventRetryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .webhookMaxAttempts(maxAttempts).webhookDeliveryRetention(maxPerEndpoint, maxAge).build();
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    receiver.close();
  }

  private void create() {
    engine.checkoutSessions().create(CheckoutSessionCreateParams.builder().amount(50_000 + created++)
        .currency(Currency.IDR).methods(CheckoutMethod.VA).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no").build());
  }

  /** True once no kept delivery is still on its way (the receiver answers before it is recorded). */
  private boolean settled(WebhookEndpoint endpoint) {
    return engine.webhooks().deliveries(endpoint.id()).stream()
        .noneMatch(d -> d.status() == WebhookDelivery.Status.RETRYING);
  }

  private List<String> kept(WebhookEndpoint endpoint) {
    return engine.webhooks().deliveries(endpoint.id()).stream().map(WebhookDelivery::eventId).toList();
  }

  private static void refused(ThrowingCallable call, String... inMessage) {
    assertThatThrownBy(call).isInstanceOfSatisfying(PlugipayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
      assertThat(e.param()).isEqualTo("webhookDeliveryRetention");
      assertThat(e.getMessage()).contains(inMessage);
    });
  }

  @Test
  void beyondTheCountTheOldestDeliveredGoFirst() throws Exception {
    engine(5, 3, Duration.ofDays(30));
    WebhookEndpoint endpoint = engine.webhooks().register(receiver.url(), SECRET, Set.of());
    for (int i = 0; i < 7; i++) {
      create();
    }
    await(() -> receiver.received.size() == 7);
    List<String> ids = receiver.ids();
    await(() -> kept(endpoint).containsAll(ids.subList(4, 7)) && settled(endpoint));
    assertThat(receiver.posts.get()).as("one POST per event").isEqualTo(7);
    assertThat(kept(endpoint)).containsExactlyElementsOf(ids.subList(4, 7));
  }

  /** Creates a session whose event fails to deliver; the receiver answers 200 again after. */
  private String oneFailedDelivery() throws Exception {
    receiver.status.set(500);
    create();
    await(() -> engine.webhooks().failedDeliveries().size() == 1);
    String failed = engine.webhooks().failedDeliveries().get(0).eventId();
    receiver.status.set(200);
    return failed;
  }

  @Test
  void failedDeliveriesOutliveDeliveredOnesButCountTowardTheCap() throws Exception {
    engine(1, 2, Duration.ofDays(30));
    WebhookEndpoint endpoint = engine.webhooks().register(receiver.url(), SECRET, Set.of());
    String failed = oneFailedDelivery();
    for (int i = 0; i < 3; i++) {
      create();
    }
    await(() -> receiver.received.size() == 3);
    String newest = receiver.ids().get(2);
    await(() -> kept(endpoint).contains(newest) && settled(endpoint));
    assertThat(kept(endpoint)).containsExactlyInAnyOrder(failed, newest);
    assertThat(engine.webhooks().failedDeliveries()).extracting(WebhookDelivery::eventId)
        .containsExactly(failed);
    // failures beyond the cap: the oldest failed one goes once nothing delivered is left
    receiver.status.set(500);
    create();
    create();
    await(() -> engine.webhooks().failedDeliveries().size() == 2
        && !engine.webhooks().failedDeliveries().get(0).eventId().equals(failed));
    assertThat(kept(endpoint)).hasSize(2).doesNotContain(failed, newest);
    assertThatThrownBy(() -> engine.webhooks().replay(endpoint.id(), failed))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void deliveriesOlderThanTheMaxAgeAreDropped() throws Exception {
    engine(1, 100, Duration.ofHours(1));
    WebhookEndpoint endpoint = engine.webhooks().register(receiver.url(), SECRET, Set.of());
    String failed = oneFailedDelivery();
    create();
    await(() -> receiver.received.size() == 1 && kept(endpoint).size() == 2 && settled(endpoint));
    clock.advance(Duration.ofMinutes(59));
    assertThat(kept(endpoint)).hasSize(2);
    clock.advance(Duration.ofMinutes(2));
    create();
    await(() -> receiver.received.size() == 2);
    String young = receiver.ids().get(1);
    await(() -> kept(endpoint).contains(young) && settled(endpoint));
    assertThat(kept(endpoint)).containsExactly(young);
    assertThat(engine.webhooks().failedDeliveries()).isEmpty();
    assertThatThrownBy(() -> engine.webhooks().replay(endpoint.id(), failed))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    clock.advance(Duration.ofHours(2));
    assertThat(kept(endpoint)).as("reading drops the aged too").isEmpty();
  }

  @Test
  void aDeliveryKeepsItsLastTwentyAttempts() throws Exception {
    engine(25, 100, Duration.ofDays(30));
    WebhookEndpoint endpoint = engine.webhooks().register(receiver.url(), SECRET, Set.of());
    receiver.status.set(503);
    create();
    await(() -> engine.webhooks().failedDeliveries().size() == 1);
    WebhookDelivery d = engine.webhooks().failedDeliveries().get(0);
    assertThat(d.attempts()).isEqualTo(25);
    assertThat(d.history()).hasSize(20).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(503));
    assertThat(receiver.posts.get()).isEqualTo(25);
    receiver.status.set(200);
    WebhookDelivery replayed = engine.webhooks().replay(endpoint.id(), d.eventId());
    assertThat(replayed.attempts()).isEqualTo(26);
    assertThat(replayed.history()).hasSize(20);
    assertThat(replayed.history().get(19).statusCode()).isEqualTo(200);
    assertThat(replayed.history().get(18).statusCode()).isEqualTo(503);
  }

  @Test
  void aFailedReplayIsFailedAgainAndStillReplayable() throws Exception {
    engine(2, 100, Duration.ofDays(30));
    WebhookEndpoint endpoint = engine.webhooks().register(receiver.url(), SECRET, Set.of());
    receiver.status.set(500);
    create();
    await(() -> engine.webhooks().failedDeliveries().size() == 1);
    String eventId = engine.webhooks().failedDeliveries().get(0).eventId();
    WebhookDelivery again = engine.webhooks().replay(endpoint.id(), eventId);
    assertThat(again.status()).isEqualTo(WebhookDelivery.Status.FAILED);
    assertThat(again.attempts()).isEqualTo(3);
    assertThat(engine.webhooks().failedDeliveries()).extracting(WebhookDelivery::eventId).containsExactly(eventId);
    receiver.status.set(200);
    assertThat(engine.webhooks().replay(endpoint.id(), eventId).status())
        .isEqualTo(WebhookDelivery.Status.DELIVERED);
    assertThat(receiver.ids()).containsExactly(eventId);
  }

  @Test
  void theRetentionSettingIsCheckedAndSetOnce() {
    refused(() -> PlugipayEngine.builder().webhookDeliveryRetention(0, Duration.ofDays(1)), "1..1000000", "0");
    refused(() -> PlugipayEngine.builder().webhookDeliveryRetention(1_000_001, Duration.ofDays(1)),
        "1..1000000", "1000001");
    refused(() -> PlugipayEngine.builder().webhookDeliveryRetention(10, Duration.ofSeconds(30)), "PT1M", "PT30S");
    refused(() -> PlugipayEngine.builder().webhookDeliveryRetention(10, Duration.ofDays(3651)), "PT87600H");
    refused(() -> PlugipayEngine.builder().webhookDeliveryRetention(10, null), "must not be null");
    refused(() -> PlugipayEngine.builder().webhookDeliveryRetention(10, Duration.ofDays(1))
        .webhookDeliveryRetention(10, Duration.ofDays(1)), "already set");
    // a delivery waiting for its next retry must not age out: checked once both are known
    refused(() -> PlugipayEngine.builder().eventRetryBackoff(Duration.ofSeconds(1), Duration.ofHours(1))
        .webhookDeliveryRetention(10, Duration.ofMinutes(90)).build(), "PT2H", "PT1H30M");
    PlugipayEngine.builder().eventRetryBackoff(Duration.ofSeconds(1), Duration.ofHours(1))
        .webhookDeliveryRetention(1, Duration.ofHours(2)).build().close();
  }
}
