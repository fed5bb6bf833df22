package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.spi.SessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Promises the engine makes whatever store it runs on, tried through the public API the way a
 * careless or hostile caller would (issue 17): strings compare byte for byte (no trailing-space
 * equality, as MariaDB's PAD SPACE collations have), text no store keeps as given is refused before
 * any store sees it, list bounds and cursors at the ends of time answer a page or
 * {@code validation_error}, amounts stay within what JSON clients keep exactly, and an engine whose
 * clock runs ahead or behind still delivers its events at once.
 *
 * <p>Subclass it per store, as {@link com.forjio.plugipay.engine.spi.SessionStoreContract}:
 * {@link #newStore()} returns a fresh, empty store.
 */
public abstract class EngineStoreContract {
  private SessionStore store;
  private final List<PlugipayEngine> engines = new ArrayList<>();
  private PlugipayEngine engine;

  /** A fresh store with no sessions, keys or events. */
  protected abstract SessionStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
    engine = engine(b -> b);
  }

  @AfterEach
  void closeAll() {
    engines.forEach(PlugipayEngine::close);
    store.close();
  }

  private PlugipayEngine engine(java.util.function.UnaryOperator<PlugipayEngine.Builder> settings) {
    PlugipayEngine e = settings.apply(PlugipayEngine.builder().store(store)
        .expirySweepInterval(Duration.ZERO)).build();
    engines.add(e);
    return e;
  }

  /** An engine on {@code other} (a view of this test's store), closed after the test. */
  private PlugipayEngine engineOn(SessionStore other) {
    PlugipayEngine e = PlugipayEngine.builder().store(other).expirySweepInterval(Duration.ZERO)
        .build();
    engines.add(e);
    return e;
  }

  private static CheckoutSessionCreateParams.Builder params() {
    return CheckoutSessionCreateParams.builder().amount(150_000_00).currency(Currency.IDR)
        .methods(CheckoutMethod.VA).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no");
  }

  private static void fails(ThrowingCallable call, ErrorCode code, String param) {
    assertThatThrownBy(call).isInstanceOfSatisfying(PlugipayException.class, e -> {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
      assertThat(e.param()).as(e.getMessage()).isEqualTo(param);
    });
  }

  private static String tokenOf(CheckoutSession s) {
    return s.hostedUrl().substring(s.hostedUrl().lastIndexOf('/') + 1);
  }

  private static List<String> ids(Page<CheckoutSession> page) {
    return page.data().stream().map(CheckoutSession::id).toList();
  }

  // ------------------------------------------------------------ byte-for-byte comparison (defect 2)

  @Test
  void accountIdsWithSurroundingWhitespaceOrControlCharactersAreRefused() {
    for (String bad : new String[] {"acct_a ", " acct_a", "acct_a\t", "acct_a\n", "acct_\u0007a",
        "acct_a\u00a0", "\u3000acct_a", "acct_\u0000a", "acct_\ud800a", "acct_a\u200b\u0085"}) {
      fails(() -> engine.forAccount(bad), ErrorCode.VALIDATION_ERROR, "accountId");
    }
    assertThat(engine.forAccount("acct a").accountId()).as("inner spaces are fine").isEqualTo("acct a");
    assertThat(engine.forAccount("acct_\u00e9\ud83d\ude00").accountId()).isEqualTo("acct_\u00e9\ud83d\ude00");
  }

  @Test
  void idsTokensKeysAndCustomerIdsCompareByteForByte() {
    CheckoutSessions a = engine.forAccount("acct_a").checkoutSessions();
    CheckoutSession s = a.create(params().customerId("c").build(), RequestOptions.idempotencyKey("k"));
    CheckoutSession spaced = a.create(params().customerId("c ").build(),
        RequestOptions.idempotencyKey("k "));
    assertThat(spaced.id()).as("key 'k ' is another key than 'k'").isNotEqualTo(s.id());
    assertThat(a.create(params().customerId("c").build(), RequestOptions.idempotencyKey("k")).id())
        .isEqualTo(s.id());
    assertThat(ids(a.list(CheckoutSessionListParams.builder().customerId("c").build())))
        .containsExactly(s.id());
    assertThat(ids(a.list(CheckoutSessionListParams.builder().customerId("c ").build())))
        .containsExactly(spaced.id());
    assertThat(ids(a.list(CheckoutSessionListParams.builder().customerId("C").build()))).isEmpty();
    fails(() -> a.get(s.id() + " "), ErrorCode.NOT_FOUND, "id");
    fails(() -> a.cancel(s.id() + " "), ErrorCode.NOT_FOUND, "id");
    fails(() -> a.get(s.id().toLowerCase(java.util.Locale.ROOT)), ErrorCode.NOT_FOUND, "id");
    fails(() -> engine.hostedCheckout().open(tokenOf(s) + " "), ErrorCode.NOT_FOUND, "token");
    assertThat(engine.hostedCheckout().open(tokenOf(s)).sessionId()).isEqualTo(s.id());
    assertThat(a.get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  @Test
  void anAccountThatDiffersOnlyByCaseOrPaddingSeesNothing() {
    CheckoutSessions a = engine.forAccount("acct_a").checkoutSessions();
    CheckoutSession s = a.create(params().build());
    for (String other : new String[] {"ACCT_A", "acct_a_", "acct_\u0430", "acct_a\u0301"}) {
      CheckoutSessions b = engine.forAccount(other).checkoutSessions();
      fails(() -> b.get(s.id()), ErrorCode.NOT_FOUND, "id");
      fails(() -> b.cancel(s.id()), ErrorCode.NOT_FOUND, "id");
      assertThat(b.list().data()).as(other).isEmpty();
    }
    assertThat(a.get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  // ------------------------------------------------------------ unstorable text (defect 6)

  @Test
  void loneSurrogatesAreRefusedInEveryStoredStringNamingTheParameter() {
    CheckoutSessions cs = engine.checkoutSessions();
    String lone = "ls-\ud800";
    fails(() -> cs.create(params().build(), RequestOptions.idempotencyKey(lone)),
        ErrorCode.VALIDATION_ERROR, "idempotencyKey");
    fails(() -> cs.create(params().customerId("cus_\udc00").build()), ErrorCode.VALIDATION_ERROR,
        "customerId");
    fails(() -> cs.create(params().metadata(Map.of("k", "v\ud800")).build()),
        ErrorCode.VALIDATION_ERROR, "metadata");
    fails(() -> cs.create(params().metadata(Map.of("k\udbff", "v")).build()),
        ErrorCode.VALIDATION_ERROR, "metadata");
    fails(() -> cs.create(params().lineItems(List.of(new LineItem("a\ud800", 1, 150_000_00))).build()),
        ErrorCode.VALIDATION_ERROR, "lineItems");
    fails(() -> cs.create(params().successUrl("https://shop.example/\ud800").build()),
        ErrorCode.VALIDATION_ERROR, "successUrl");
    assertThat(cs.list().data()).as("nothing half-written").isEmpty();
    CheckoutSession question = cs.create(params().customerId("cus_?").build(),
        RequestOptions.idempotencyKey("ls-?"));
    assertThat(ids(cs.list(CheckoutSessionListParams.builder().customerId("cus_\ud800").build())))
        .isEmpty();
    assertThat(ids(cs.list(CheckoutSessionListParams.builder().customerId("cus_?").build())))
        .containsExactly(question.id());
    fails(() -> cs.get(question.id() + "\ud800"), ErrorCode.NOT_FOUND, "id");
  }

  @Test
  void wellFormedTextOfEveryKindIsStoredVerbatim() {
    String hostile = "\u00e9\ud83d\ude00 '\"; DROP TABLE x; -- \\ %_ \t\r\n\u0001\u007f\u200b\ufeff";
    CheckoutSession s = engine.checkoutSessions().create(params().customerId("cus " + hostile)
        .metadata(Map.of("note", hostile)).lineItems(List.of(new LineItem(hostile, 1, 150_000_00)))
        .build(), RequestOptions.idempotencyKey("key " + hostile));
    CheckoutSession read = engine.checkoutSessions().get(s.id());
    assertThat(read.customerId()).isEqualTo("cus " + hostile);
    assertThat(read.metadata()).containsEntry("note", hostile);
    assertThat(read.lineItems().get(0).name()).isEqualTo(hostile);
    assertThat(engine.checkoutSessions().create(params().customerId("cus " + hostile)
        .metadata(Map.of("note", hostile)).lineItems(List.of(new LineItem(hostile, 1, 150_000_00)))
        .build(), RequestOptions.idempotencyKey("key " + hostile)).id()).isEqualTo(s.id());
    assertThat(ids(engine.checkoutSessions().list(CheckoutSessionListParams.builder()
        .customerId("cus " + hostile).build()))).containsExactly(s.id());
  }

  @Test
  void nulCharactersAreRefusedWhereStoredAndFindNothingWhereLookedUp() {
    CheckoutSessions cs = engine.checkoutSessions();
    fails(() -> cs.create(params().customerId("cus_\u0000").build()), ErrorCode.VALIDATION_ERROR,
        "customerId");
    fails(() -> cs.create(params().build(), RequestOptions.idempotencyKey("k\u0000")),
        ErrorCode.VALIDATION_ERROR, "idempotencyKey");
    fails(() -> cs.create(params().metadata(Map.of("k", "\u0000")).build()),
        ErrorCode.VALIDATION_ERROR, "metadata");
    CheckoutSession s = cs.create(params().customerId("cus_1").build());
    fails(() -> cs.get(s.id() + "\u0000"), ErrorCode.NOT_FOUND, "id");
    fails(() -> cs.get("\u0000"), ErrorCode.NOT_FOUND, "id");
    fails(() -> cs.cancel(s.id() + "\u0000"), ErrorCode.NOT_FOUND, "id");
    fails(() -> cs.confirm("cs_\u0000"), ErrorCode.NOT_FOUND, "id");
    fails(() -> engine.hostedCheckout().open(tokenOf(s) + "\u0000"), ErrorCode.NOT_FOUND, "token");
    fails(() -> engine.hostedCheckout().pay("\u0000", CheckoutMethod.VA), ErrorCode.NOT_FOUND,
        "token");
    assertThat(cs.list(CheckoutSessionListParams.builder().customerId("cus_1\u0000").build()).data())
        .isEmpty();
    fails(() -> engine.forAccount("acct\u0000"), ErrorCode.VALIDATION_ERROR, "accountId");
    assertThat(cs.get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  // ------------------------------------------------------------ list at the ends of time (defect 5)

  @Test
  void listBoundsAtTheEndsOfTimeAnswerAPage() {
    CheckoutSessions cs = engine.checkoutSessions();
    CheckoutSession s = cs.create(params().build());
    Instant year300000 = Instant.parse("+300000-01-01T00:00:00Z");
    Instant yearMinus5000 = Instant.parse("-5000-01-01T00:00:00Z");
    for (Instant late : new Instant[] {Instant.MAX, year300000, Instant.parse("+10000-01-01T00:00:00Z")}) {
      assertThat(cs.list(CheckoutSessionListParams.builder().createdAfter(late).build()).data())
          .as("created after %s", late).isEmpty();
      assertThat(ids(cs.list(CheckoutSessionListParams.builder().createdBefore(late).build())))
          .as("created before %s", late).containsExactly(s.id());
    }
    for (Instant early : new Instant[] {Instant.MIN, yearMinus5000, Instant.parse("0999-12-31T23:59:59Z")}) {
      assertThat(cs.list(CheckoutSessionListParams.builder().createdBefore(early).build()).data())
          .as("created before %s", early).isEmpty();
      assertThat(ids(cs.list(CheckoutSessionListParams.builder().createdAfter(early).build())))
          .as("created after %s", early).containsExactly(s.id());
    }
    assertThat(ids(cs.list(CheckoutSessionListParams.builder().createdAfter(Instant.MIN)
        .createdBefore(Instant.MAX).order(CheckoutSessionListParams.Order.ASC).build())))
        .containsExactly(s.id());
  }

  @Test
  void aForgedCursorAtAnExtremeTimeIsAValidationError() {
    CheckoutSessions cs = engine.checkoutSessions();
    cs.create(params().build());
    String account = engine.defaultAccountId();
    for (String position : new String[] {Long.MAX_VALUE + "|0", Long.MIN_VALUE + "|0",
        Instant.MAX.getEpochSecond() + "|999999999", Instant.MIN.getEpochSecond() + "|0",
        Instant.parse("+300000-01-01T00:00:00Z").getEpochSecond() + "|0",
        Instant.parse("-5000-01-01T00:00:00Z").getEpochSecond() + "|0"}) {
      String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(("v1|" + account
          + "|desc|" + position + "|cs_01KAB5W4Z6Q3N0Y8X7V2T1S9RP").getBytes(StandardCharsets.UTF_8));
      fails(() -> cs.list(CheckoutSessionListParams.builder().cursor(forged).build()),
          ErrorCode.VALIDATION_ERROR, "cursor");
    }
    long now = Instant.now().getEpochSecond();
    for (String id : new String[] {"cs_\u0000", "cs_01KAB5W4Z6Q3N0Y8X7V2T1S9R\u0000",
        "cs_01KAB5W4Z6Q3N0Y8X7V2T1S9R\ud800", "cs_' OR '1'='1", "cs_01KAB5W4Z6Q3N0Y8X7V2T1S9RP "}) {
      String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(("v1|" + account
          + "|desc|" + now + "|0|" + id).getBytes(StandardCharsets.UTF_8));
      fails(() -> cs.list(CheckoutSessionListParams.builder().cursor(forged).build()),
          ErrorCode.VALIDATION_ERROR, "cursor");
    }
  }

  // ------------------------------------------------------------ amounts JSON keeps (defect 8)

  @Test
  void amountsAndTotalsAboveTwoToTheFiftyThreeMinusOneAreRefused() {
    long max = (1L << 53) - 1;
    CheckoutSessions cs = engine.checkoutSessions();
    CheckoutSession biggest = cs.create(params().amount(max).build());
    assertThat(cs.get(biggest.id()).amount()).isEqualTo(max);
    for (long amount : new long[] {max + 1, Long.MAX_VALUE}) {
      fails(() -> cs.create(params().amount(amount).build()), ErrorCode.VALIDATION_ERROR, "amount");
    }
    fails(() -> cs.create(params().amount(max).lineItems(List.of(new LineItem("a", 1, max),
        new LineItem("b", 1, 1))).build()), ErrorCode.VALIDATION_ERROR, "lineItems");
    fails(() -> cs.create(params().amount(1).lineItems(List.of(new LineItem("a", 1, max + 1),
        new LineItem("b", -1, max))).build()), ErrorCode.VALIDATION_ERROR, "lineItems");
    fails(() -> cs.create(params().amount(max).lineItems(List.of(new LineItem("a", 3, max / 2)))
        .build()), ErrorCode.VALIDATION_ERROR, "lineItems");
    fails(() -> cs.create(params().amount(2).lineItems(List.of(new LineItem("a", Long.MAX_VALUE, 2),
        new LineItem("b", 1, 4))).build()), ErrorCode.VALIDATION_ERROR, "lineItems");
    assertThat(cs.create(params().amount(max).lineItems(List.of(new LineItem("a", 1, max - 1),
        new LineItem("b", 1, 1))).build()).amount()).isEqualTo(max);
    assertThat(cs.list().data()).hasSize(2);
  }

  // ------------------------------------------------------------ lost races (issue 18, item 6)

  /**
   * A store whose next transition first lets {@code rival} run (another engine on the same store),
   * so the caller's compare-and-set loses to it.
   */
  private SessionStore racing(Runnable rival) {
    java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
    SessionStore real = store;
    return (SessionStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SessionStore.class}, (proxy, m, args) -> {
          if (m.getName().equals("transition") && armed.compareAndSet(true, false)) {
            rival.run();
          }
          if (m.getName().equals("close")) {
            return null; // the real store is closed after the test
          }
          try {
            return m.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aCancelOrConfirmThatLosesToTheSameOperationReturnsTheSession() {
    for (boolean cancel : new boolean[] {true, false}) {
      CheckoutSession s = engine.checkoutSessions().create(params().build());
      Runnable rival = cancel ? () -> engine.checkoutSessions().cancel(s.id())
          : () -> engine.checkoutSessions().confirm(s.id());
      SessionStore loserStore = racing(rival);
      PlugipayEngine loser = engineOn(loserStore);
      CheckoutSession got = cancel ? loser.checkoutSessions().cancel(s.id())
          : loser.checkoutSessions().confirm(s.id());
      CheckoutSessionStatus expected = cancel ? CheckoutSessionStatus.CANCELED
          : CheckoutSessionStatus.COMPLETED;
      assertThat(got.status()).isEqualTo(expected);
      assertThat(store.events(engine.defaultAccountId(), s.id())).as("one event for the end")
          .extracting(CheckoutSessionEvent::type).containsExactly(CheckoutSessionEvent.TYPE_CREATED,
              cancel ? CheckoutSessionEvent.TYPE_CANCELED : CheckoutSessionEvent.TYPE_COMPLETED);
    }
  }

  @Test
  void aCancelThatLosesToAConfirmIsAStateConflict() {
    CheckoutSession s = engine.checkoutSessions().create(params().build());
    SessionStore loserStore = racing(() -> engine.checkoutSessions().confirm(s.id()));
    PlugipayEngine loser = engineOn(loserStore);
    fails(() -> loser.checkoutSessions().cancel(s.id()), ErrorCode.STATE_CONFLICT, null);
    assertThat(engine.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
  }

  // ------------------------------------------------------------ skewed clocks (defect 3)

  @Test
  void anEngineWhoseClockRunsAheadOrBehindDeliversItsEventsAtOnce() throws Exception {
    engine.close(); // it has no listener: in one group with the others, it would take their events
    for (Duration skew : new Duration[] {Duration.ofMinutes(10), Duration.ofMinutes(-10),
        Duration.ofSeconds(5), Duration.ofSeconds(-5)}) {
      List<Event> got = new CopyOnWriteArrayList<>();
      PlugipayEngine skewed = engine(b -> b.clock(Clock.offset(Clock.systemUTC(), skew))
          .listener(got::add).eventPollInterval(Duration.ofSeconds(30)));
      CheckoutSession s = skewed.checkoutSessions().create(params().build());
      skewed.checkoutSessions().cancel(s.id());
      awaitTrue(() -> got.size() >= 2, Duration.ofSeconds(10),
          () -> "events of an engine " + skew + " off the system clock; got " + got);
      assertThat(got).extracting(Event::type).containsExactly(CheckoutSessionEvent.TYPE_CREATED,
          CheckoutSessionEvent.TYPE_CANCELED);
      skewed.close();
    }
  }

  @Test
  void eventsOfAGroupMemberWhoseClockIsSkewedAreDeliveredByAnotherAtOnce() throws Exception {
    // The writer has a listener, so it queues its events, but its dispatcher is stopped: only the
    // other member, whose clock is right and which polls every 50 ms, can deliver them.
    engine.close(); // it has no listener: in one group with the others, it would take their events
    List<Event> got = new CopyOnWriteArrayList<>();
    engine(b -> b.listener(got::add).eventPollInterval(Duration.ofMillis(50)));
    for (Duration skew : new Duration[] {Duration.ofSeconds(5), Duration.ofSeconds(-5),
        Duration.ofMinutes(10)}) {
      PlugipayEngine writer = engine(b -> b.clock(Clock.offset(Clock.systemUTC(), skew))
          .listener(e -> {
            throw new IllegalStateException("this member cannot deliver");
          }).eventRetryBackoff(Duration.ofHours(1), Duration.ofHours(1)));
      writer.close(); // its dispatcher stops; what it writes now waits for the other member
      int before = got.size();
      Instant start = Instant.now();
      CheckoutSession s = writer.checkoutSessions().create(params().build());
      awaitTrue(() -> got.stream().anyMatch(e -> e instanceof CheckoutSessionEvent ev
          && ev.session().id().equals(s.id())), Duration.ofSeconds(3),
          () -> "the created event of a member " + skew + " off; got " + got.subList(before, got.size()));
      assertThat(Duration.between(start, Instant.now())).as("delay for a writer %s off", skew)
          .isLessThan(Duration.ofSeconds(3));
    }
  }

  private static void awaitTrue(Supplier<Boolean> condition, Duration within,
      Supplier<String> message) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!condition.get()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(message.get());
      }
      Thread.sleep(10);
    }
  }
}
