package com.forjio.plugipay.engine.event;

import static com.forjio.plugipay.engine.testing.WebhookReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayAccount;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.testing.MutableClock;
import com.forjio.plugipay.engine.testing.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 10: a webhook endpoint belongs to an account and receives only its events; an
 * engine-wide endpoint exists only when registered so; no view sees another scope's endpoints.
 */
class WebhookAccountsTest {
  private static final String SECRET = "whsec_0123456789abcdef";
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  private final List<WebhookReceiver> receivers = new ArrayList<>();
  private int created;
  private final PlugipayEngine engine = PlugipayEngine.builder().clock(clock)
      .expirySweepInterval(Duration.ZERO).eventPollInterval(Duration.ofMillis(10))
      .eventRetryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).webhookMaxAttempts(1).build();

  @AfterEach
  void close() {
    engine.close();
    receivers.forEach(WebhookReceiver::close);
  }

  private WebhookReceiver receiver() {
    WebhookReceiver r = new WebhookReceiver(SECRET, clock);
    receivers.add(r);
    return r;
  }

  /** A new session (parameters differ every call: equal ones would be deduplicated). */
  private CheckoutSession create(PlugipayAccount account) {
    return account.checkoutSessions().create(CheckoutSessionCreateParams.builder()
        .amount(50_000 + receivers.size() * 1000 + created++).currency(Currency.IDR)
        .methods(CheckoutMethod.VA).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no").build());
  }

  private static void fails(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(PlugipayException.class,
        e -> assertThat(e.code()).isEqualTo(code));
  }

  private static List<String> sessionIds(List<Event> events) {
    return events.stream().filter(e -> e instanceof CheckoutSessionEvent)
        .map(e -> ((CheckoutSessionEvent) e).session().id()).toList();
  }

  /**
   * Regression (fails on the code before the fix, where every endpoint received every account's
   * events); written with the API that existed then.
   */
  @Test
  void theDefaultAccountsEndpointDoesNotReceiveAnotherAccountsEvents() throws Exception {
    WebhookReceiver mine = receiver();
    engine.webhooks().register(mine.url(), SECRET, Set.of());
    List<Event> witness = new java.util.concurrent.CopyOnWriteArrayList<>();
    // listeners run in subscription order: once the witness has an event, the endpoint was offered it
    engine.events().subscribe(witness::add);
    CheckoutSession other = create(engine.forAccount("acct_other"));
    await(() -> sessionIds(witness).contains(other.id()));
    CheckoutSession own = create(engine.forAccount(engine.defaultAccountId()));
    await(() -> sessionIds(witness).contains(own.id()));
    await(() -> !mine.received.isEmpty());
    assertThat(sessionIds(mine.received)).containsExactly(own.id());
    assertThat(mine.received).extracting(Event::accountId).containsExactly("acct_default");
  }

  @Test
  void anAccountsEndpointReceivesOnlyThatAccountsEventsComparedByteForByte() throws Exception {
    WebhookReceiver a = receiver();
    WebhookReceiver b = receiver();
    WebhookEndpoint ea = engine.forAccount("acct_a").webhooks().register(a.url(), SECRET, Set.of());
    WebhookEndpoint eb = engine.forAccount("acct_b").webhooks().register(b.url(), SECRET, Set.of());
    assertThat(ea.accountId()).isEqualTo("acct_a");
    assertThat(ea.isEngineWide()).isFalse();
    assertThat(eb.accountId()).isEqualTo("acct_b");
    List<Event> witness = new java.util.concurrent.CopyOnWriteArrayList<>();
    engine.events().subscribe(witness::add);
    List<String> sessions = new ArrayList<>();
    for (String account : List.of("acct_b", "acct_A", "acct_a", engine.defaultAccountId(), "acct_b")) {
      sessions.add(create(engine.forAccount(account)).id());
    }
    await(() -> sessionIds(witness).containsAll(sessions));
    await(() -> a.received.size() == 1 && b.received.size() == 2);
    assertThat(sessionIds(a.received)).containsExactly(sessions.get(2));
    assertThat(a.received).extracting(Event::accountId).containsOnly("acct_a");
    assertThat(sessionIds(b.received)).containsExactlyInAnyOrder(sessions.get(0), sessions.get(4));
    assertThat(b.received).extracting(Event::accountId).containsOnly("acct_b");
    assertThat(engine.forAccount("acct_a").webhooks().deliveries(ea.id()))
        .extracting(WebhookDelivery::eventId).containsExactly(a.received.get(0).id());
  }

  @Test
  void anotherAccountCanNeitherSeeNorReplayAnEndpoint() throws Exception {
    WebhookReceiver a = receiver();
    a.status.set(500);
    WebhookEndpoints mine = engine.forAccount("acct_a").webhooks();
    WebhookEndpoint endpoint = mine.register(a.url(), SECRET, Set.of());
    create(engine.forAccount("acct_a"));
    await(() -> !mine.failedDeliveries().isEmpty());
    String eventId = mine.failedDeliveries().get(0).eventId();
    for (WebhookEndpoints other : List.of(engine.forAccount("acct_b").webhooks(), engine.webhooks(),
        engine.forAccount("acct_A").webhooks(), engine.allAccountWebhooks(),
        engine.forAccount("acct_b").readOnly().webhooks())) {
      assertThat(other.list()).as(other.toString()).isEmpty();
      assertThat(other.failedDeliveries()).as(other.toString()).isEmpty();
      assertThatThrownBy(() -> other.deliveries(endpoint.id()))
          .isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            // the answer for an id that never existed, word for word but the id
            assertThat(e.getMessage()).isEqualTo("no webhook endpoint " + endpoint.id());
          });
      if (!other.toString().contains("read-only")) {
        fails(() -> other.replay(endpoint.id(), eventId), ErrorCode.NOT_FOUND);
      }
    }
    assertThat(a.posts.get()).as("nobody else's replay POSTed").isEqualTo(1);
    assertThat(mine.list()).containsExactly(endpoint);
    a.status.set(200);
    assertThat(mine.replay(endpoint.id(), eventId).status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
  }

  @Test
  void anEngineWideEndpointReceivesEveryAccountOnlyWhenRegisteredSo() throws Exception {
    WebhookReceiver all = receiver();
    WebhookReceiver defaultOnly = receiver();
    WebhookEndpoint wide = engine.allAccountWebhooks().register(all.url(), SECRET, Set.of());
    WebhookEndpoint dflt = engine.webhooks().register(defaultOnly.url(), SECRET, Set.of());
    assertThat(wide.accountId()).isNull();
    assertThat(wide.isEngineWide()).isTrue();
    assertThat(dflt.accountId()).isEqualTo(engine.defaultAccountId());
    CheckoutSession sa = create(engine.forAccount("acct_a"));
    CheckoutSession sb = create(engine.forAccount("acct_b"));
    CheckoutSession sd = create(engine.forAccount(engine.defaultAccountId()));
    await(() -> all.received.size() == 3 && !defaultOnly.received.isEmpty());
    assertThat(sessionIds(all.received)).containsExactlyInAnyOrder(sa.id(), sb.id(), sd.id());
    assertThat(sessionIds(defaultOnly.received)).containsExactly(sd.id());
    assertThat(engine.allAccountWebhooks().list()).containsExactly(wide);
    assertThat(engine.webhooks().list()).containsExactly(dflt);
    assertThat(engine.forAccount("acct_a").webhooks().list()).isEmpty();
    assertThat(engine.allAccountWebhooks().deliveries(wide.id())).hasSize(3);
    fails(() -> engine.allAccountWebhooks().deliveries(dflt.id()), ErrorCode.NOT_FOUND);
  }

  @Test
  void aReadOnlyViewReadsButCannotRegisterOrReplay() throws Exception {
    WebhookReceiver a = receiver();
    a.status.set(500);
    WebhookEndpoint endpoint = engine.forAccount("acct_a").webhooks().register(a.url(), SECRET, Set.of());
    WebhookEndpoints readOnly = engine.forAccount("acct_a").readOnly().webhooks();
    create(engine.forAccount("acct_a"));
    await(() -> !readOnly.failedDeliveries().isEmpty());
    String eventId = readOnly.failedDeliveries().get(0).eventId();
    assertThat(readOnly.list()).containsExactly(endpoint);
    assertThat(readOnly.deliveries(endpoint.id())).extracting(WebhookDelivery::eventId).containsExactly(eventId);
    fails(() -> readOnly.register(a.url(), SECRET, Set.of()), ErrorCode.FORBIDDEN);
    fails(() -> readOnly.replay(endpoint.id(), eventId), ErrorCode.FORBIDDEN);
    fails(() -> readOnly.replay("we_nothing", "evt_nothing"), ErrorCode.FORBIDDEN);
    assertThat(engine.forAccount("acct_a").webhooks().list()).containsExactly(endpoint);
    assertThat(a.posts.get()).isEqualTo(1);
  }
}
