package com.forjio.plugipay.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.CallerTransactions;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingSessionStoreTest {
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  private final InMemorySessionStore memory = new InMemorySessionStore();
  private final AtomicInteger finds = new AtomicInteger();
  private final AtomicInteger creates = new AtomicInteger();
  private final AtomicBoolean callerTransaction = new AtomicBoolean();

  private static final CheckoutSessionCreateParams PARAMS = CheckoutSessionCreateParams.builder()
      .amount(20_000).currency(Currency.USD).methods(CheckoutMethod.VA)
      .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
      .metadata(Map.of("order_id", "o_9")).build();

  /** The in-memory store, counting the reads and creates that reach it. */
  private SessionStore counted() {
    return (SessionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SessionStore.class, CallerTransactions.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "find", "findByHostedToken" -> finds.incrementAndGet();
            case "create" -> creates.incrementAndGet();
            case "insideCallerTransaction" -> {
              return callerTransaction.get();
            }
            default -> { }
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private PlugipayEngine engine(SessionStore store) {
    return PlugipayEngine.builder().store(store).clock(clock)
        .expirySweepInterval(Duration.ZERO).build();
  }

  @Test
  void terminalSessionsAreServedFromTheCacheAndOpenOnesNever() {
    CachingSessionStore cache = CachingSessionStore.wrap(counted(), 100);
    try (PlugipayEngine engine = engine(cache)) {
      CheckoutSession s = engine.checkoutSessions().create(PARAMS);
      engine.checkoutSessions().get(s.id());
      engine.checkoutSessions().get(s.id());
      int openReads = finds.get();
      assertThat(openReads).as("open sessions always come from the store").isEqualTo(2);

      engine.checkoutSessions().confirm(s.id());
      engine.checkoutSessions().get(s.id()); // miss: learns the terminal session
      int afterLearning = finds.get();
      for (int i = 0; i < 5; i++) {
        assertThat(engine.checkoutSessions().get(s.id()).status())
            .isEqualTo(CheckoutSessionStatus.COMPLETED);
      }
      assertThat(finds.get()).isEqualTo(afterLearning);
      assertThat(cache.stats().sessionHits()).isEqualTo(5);
      assertThat(cache.stats().sessionMisses()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void aReplayedExplicitKeySkipsTheStoresCreate() {
    CachingSessionStore cache = CachingSessionStore.wrap(counted(), 100);
    try (PlugipayEngine engine = engine(cache)) {
      CheckoutSession first = engine.checkoutSessions().create(PARAMS, RequestOptions.idempotencyKey("k"));
      for (int i = 0; i < 3; i++) {
        assertThat(engine.checkoutSessions().create(PARAMS, RequestOptions.idempotencyKey("k")).id())
            .isEqualTo(first.id());
      }
      assertThat(creates.get()).isEqualTo(1);
      assertThat(cache.stats().keyHits()).isEqualTo(3);
      // a mismatch is still detected from the remembered fingerprint
      CheckoutSessionCreateParams other = CheckoutSessionCreateParams.builder().amount(30_000)
          .currency(Currency.USD).methods(CheckoutMethod.VA).successUrl("https://shop.example/ok")
          .cancelUrl("https://shop.example/no").build();
      assertThatThrownBy(() -> engine.checkoutSessions().create(other, RequestOptions.idempotencyKey("k")))
          .isInstanceOfSatisfying(PlugipayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_MISMATCH));
    }
  }

  @Test
  void aRememberedKeyStopsAnsweringWhenItExpires() {
    CachingSessionStore cache = CachingSessionStore.wrap(counted(), 100);
    try (PlugipayEngine engine = engine(cache)) {
      CheckoutSession first = engine.checkoutSessions().create(PARAMS, RequestOptions.idempotencyKey("k"));
      clock.advance(Duration.ofHours(25));
      CheckoutSession second = engine.checkoutSessions().create(PARAMS, RequestOptions.idempotencyKey("k"));
      assertThat(second.id()).isNotEqualTo(first.id());
      assertThat(creates.get()).isEqualTo(2);
    }
  }

  @Test
  void nothingSeenInsideACallersTransactionIsRemembered() {
    CachingSessionStore cache = CachingSessionStore.wrap(counted(), 100);
    try (PlugipayEngine engine = engine(cache)) {
      callerTransaction.set(true);
      CheckoutSession s = engine.checkoutSessions().create(PARAMS, RequestOptions.idempotencyKey("tx"));
      engine.checkoutSessions().cancel(s.id());
      engine.checkoutSessions().get(s.id());
      engine.checkoutSessions().create(PARAMS, RequestOptions.idempotencyKey("tx"));
      assertThat(cache.stats().size()).isZero();
      assertThat(creates.get()).isEqualTo(2);
    }
  }

  @Test
  void aRememberedKeyWhoseSessionVanishedAsksTheStoreAgain() {
    // A create in a caller's transaction that was later rolled back leaves nothing behind; a store
    // that lost the session must not be contradicted by the cache.
    InMemorySessionStore forgetful = new InMemorySessionStore();
    AtomicInteger storeCreates = new AtomicInteger();
    AtomicBoolean forget = new AtomicBoolean();
    SessionStore vanishing = (SessionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("find") && forget.get()) {
            return Optional.empty();
          }
          try {
            return method.invoke(forgetful, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            if (method.getName().equals("create")) {
              storeCreates.incrementAndGet();
              forget.set(true);
            }
          }
        });
    CachingSessionStore cache = CachingSessionStore.wrap(vanishing, 10);
    try (PlugipayEngine engine = engine(cache)) {
      engine.checkoutSessions().create(PARAMS, RequestOptions.idempotencyKey("gone"));
      // the cache falls through to the store's create, which answers with its own record
      assertThat(engine.checkoutSessions().create(PARAMS, RequestOptions.idempotencyKey("gone")))
          .isNotNull();
      assertThat(storeCreates.get()).isEqualTo(2);
    }
  }

  @Test
  void wrapRefusesBadArguments() {
    assertThatThrownBy(() -> CachingSessionStore.wrap(null))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("delegate"));
    assertThatThrownBy(() -> CachingSessionStore.wrap(memory, 0))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("maximumSize"));
  }
}
