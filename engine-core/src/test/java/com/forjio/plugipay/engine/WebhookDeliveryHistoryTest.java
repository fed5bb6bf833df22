package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.DeliveryHistory.Delivery;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.event.WebhookDelivery;
import com.forjio.plugipay.engine.event.WebhookDelivery.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DeliveryHistory} alone: what is dropped for room or age, and what never is (a delivery being
 * POSTed, a delivery still retrying for room), and one POST per claim.
 */
class WebhookDeliveryHistoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private int n;

  private CheckoutSessionEvent event() {
    CheckoutSession s = new CheckoutSession("cs_" + n, "acct_a", null, 1000, Currency.IDR,
        CheckoutSessionStatus.OPEN, List.of(CheckoutMethod.VA), null, List.of(), "https://s.example/ok",
        "https://s.example/no", "http://localhost/c/t", T0.plusSeconds(3600), null, java.util.Map.of(), T0, T0);
    return new CheckoutSessionEvent("evt_" + n++, CheckoutSessionEvent.TYPE_CREATED, "acct_a", T0, s);
  }

  private static WebhookDelivery.Attempt ok(Instant at) {
    return new WebhookDelivery.Attempt(at, 200, null);
  }

  private static WebhookDelivery.Attempt failed(Instant at) {
    return new WebhookDelivery.Attempt(at, 500, "HTTP 500");
  }

  private static Delivery deliver(DeliveryHistory h, CheckoutSessionEvent e, Instant at, Status next) {
    Delivery d = h.open(e, at);
    assertThat(h.startSending(d, Status.RETRYING)).isTrue();
    h.finish(d, next == Status.DELIVERED ? ok(at) : failed(at), next);
    return d;
  }

  private static List<String> ids(List<WebhookDelivery> ds) {
    return ds.stream().map(WebhookDelivery::eventId).toList();
  }

  @Test
  void aDeliveryIsClaimedForOnePostAtATime() {
    DeliveryHistory h = new DeliveryHistory("we_1", 10, Duration.ofDays(1));
    CheckoutSessionEvent e = event();
    Delivery d = h.open(e, T0);
    assertThat(h.open(e, T0)).isSameAs(d);
    assertThat(h.startSending(d, Status.RETRYING)).isTrue();
    assertThat(h.startSending(d, Status.RETRYING)).as("a second claim of the same event").isFalse();
    h.finish(d, ok(T0), Status.DELIVERED);
    assertThat(h.startSending(d, Status.RETRYING)).as("already delivered").isFalse();
    assertThat(h.startSending(d, Status.FAILED)).as("not failed: no replay").isFalse();
    assertThat(h.all(T0)).singleElement().satisfies(w -> {
      assertThat(w.endpointId()).isEqualTo("we_1");
      assertThat(w.status()).isEqualTo(Status.DELIVERED);
      assertThat(w.attempts()).isEqualTo(1);
    });
  }

  @Test
  void forRoomDeliveredGoFirstThenFailedNeverRetryingNorSending() {
    DeliveryHistory h = new DeliveryHistory("we_1", 3, Duration.ofDays(1));
    CheckoutSessionEvent f = event();
    deliver(h, f, T0, Status.FAILED);
    CheckoutSessionEvent d1 = event();
    deliver(h, d1, T0.plusSeconds(1), Status.DELIVERED);
    Delivery retrying = h.open(event(), T0.plusSeconds(2));
    Delivery sending = h.open(event(), T0.plusSeconds(3));
    assertThat(h.startSending(sending, Status.RETRYING)).isTrue();
    // four kept, cap three: the delivered one went
    assertThat(ids(h.all(T0.plusSeconds(3)))).containsExactly(f.id(), retrying.snapshot.eventId(),
        sending.snapshot.eventId());
    h.open(event(), T0.plusSeconds(4));
    assertThat(ids(h.all(T0.plusSeconds(4)))).as("then the failed one").doesNotContain(f.id()).hasSize(3);
    h.open(event(), T0.plusSeconds(5));
    assertThat(h.size()).as("only retrying or sending left: nothing dropped for room").isEqualTo(4);
    h.finish(sending, ok(T0.plusSeconds(6)), Status.DELIVERED);
    assertThat(h.size()).as("once sent it may go").isEqualTo(3);
  }

  @Test
  void pastTheMaxAgeEverythingGoesButWhatIsBeingSent() {
    DeliveryHistory h = new DeliveryHistory("we_1", 100, Duration.ofHours(1));
    deliver(h, event(), T0, Status.DELIVERED);
    deliver(h, event(), T0, Status.FAILED);
    h.open(event(), T0);
    Delivery sending = h.open(event(), T0);
    h.startSending(sending, Status.RETRYING);
    assertThat(h.all(T0.plus(Duration.ofMinutes(60)))).hasSize(4);
    assertThat(ids(h.all(T0.plus(Duration.ofMinutes(61))))).containsExactly(sending.snapshot.eventId());
    assertThat(h.failed(T0.plus(Duration.ofMinutes(61)))).isEmpty();
  }

  @Test
  void aDeliveryKeepsItsLastTwentyAttempts() {
    DeliveryHistory h = new DeliveryHistory("we_1", 10, Duration.ofDays(1));
    Delivery d = h.open(event(), T0);
    for (int i = 0; i < 30; i++) {
      h.startSending(d, Status.RETRYING);
      h.finish(d, failed(T0.plusSeconds(i)), Status.RETRYING);
    }
    assertThat(d.snapshot.attempts()).isEqualTo(30);
    assertThat(d.snapshot.history()).hasSize(DeliveryHistory.ATTEMPTS_KEPT)
        .extracting(WebhookDelivery.Attempt::at).startsWith(T0.plusSeconds(10)).endsWith(T0.plusSeconds(29));
  }
}
