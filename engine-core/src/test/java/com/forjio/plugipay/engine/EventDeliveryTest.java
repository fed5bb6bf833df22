package com.forjio.plugipay.engine;

import static com.forjio.plugipay.engine.testing.WebhookReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.EventListener;
import com.forjio.plugipay.engine.event.EventSubscriptions.Subscription;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventDeliveryTest {
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();

  private PlugipayEngine.Builder builder() {
    return PlugipayEngine.builder().clock(clock).expirySweepInterval(Duration.ZERO)
        .eventPollInterval(Duration.ofMillis(20))
        .eventRetryBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
  }

  private static CheckoutSessionCreateParams order(String id) {
    return CreateValidationTest.valid().metadata(Map.of("order_id", id)).build();
  }

  @Test
  void everyTransitionIsDeliveredOnceWithItsSnapshot() throws Exception {
    BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    try (PlugipayEngine engine = builder().listener(received::add).build()) {
      CheckoutSession s = engine.checkoutSessions().create(order("o_1"));
      clock.advance(Duration.ofSeconds(30));
      CheckoutSession paid = engine.checkoutSessions().confirm(s.id());
      CheckoutSessionEvent created = (CheckoutSessionEvent) received.poll(10, TimeUnit.SECONDS);
      CheckoutSessionEvent completed = (CheckoutSessionEvent) received.poll(10, TimeUnit.SECONDS);
      assertThat(created.type()).isEqualTo("plugipay.checkout_session.created.v1");
      assertThat(created.session()).isEqualTo(s);
      assertThat(created.occurredAt()).isEqualTo(s.createdAt());
      assertThat(completed.type()).isEqualTo("plugipay.checkout_session.completed.v1");
      assertThat(completed.session()).isEqualTo(paid);
      assertThat(completed.occurredAt()).isEqualTo(clock.instant());
      assertThat(completed.accountId()).isEqualTo("acct_default");
      assertThat(List.of(created.id(), completed.id())).allMatch(id -> id.matches("evt_[0-9A-Z]{26}"))
          .doesNotHaveDuplicates();
      assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("nothing twice").isNull();
    }
  }

  @Test
  void eventsOfOneSessionArriveInOrder() throws Exception {
    Map<String, List<String>> bySession = new ConcurrentHashMap<>();
    AtomicInteger count = new AtomicInteger();
    EventListener listener = e -> {
      CheckoutSessionEvent ce = (CheckoutSessionEvent) e;
      bySession.computeIfAbsent(ce.session().id(), k -> new CopyOnWriteArrayList<>()).add(ce.type());
      count.incrementAndGet();
    };
    try (PlugipayEngine engine = builder().eventThreads(4).listener(listener).build()) {
      for (int i = 0; i < 200; i++) {
        CheckoutSession s = engine.checkoutSessions().create(order("o_" + i));
        if (i % 2 == 0) {
          engine.checkoutSessions().confirm(s.id());
        } else {
          engine.checkoutSessions().cancel(s.id());
        }
      }
      await(() -> count.get() == 400);
      assertThat(bySession).hasSize(200);
      assertThat(bySession.values()).allSatisfy(types -> {
        assertThat(types).hasSize(2);
        assertThat(types.get(0)).isEqualTo(CheckoutSessionEvent.TYPE_CREATED);
      });
    }
  }

  @Test
  void aThrowingListenerGetsTheSameEventAgainWithGrowingBackoff() throws Exception {
    List<Long> attempts = new CopyOnWriteArrayList<>();
    List<String> ids = new CopyOnWriteArrayList<>();
    EventListener flaky = e -> {
      attempts.add(System.nanoTime());
      ids.add(e.id());
      if (attempts.size() < 5) {
        throw new IllegalStateException("downstream is down");
      }
    };
    try (PlugipayEngine engine = builder().listener(flaky).build()) {
      engine.checkoutSessions().create(order("o_retry"));
      await(() -> attempts.size() >= 5);
      assertThat(ids).containsOnly(ids.get(0));
      long firstGap = attempts.get(1) - attempts.get(0);
      long lastGap = attempts.get(4) - attempts.get(3);
      assertThat(firstGap).as("first retry within a second").isLessThan(TimeUnit.SECONDS.toNanos(1));
      assertThat(lastGap).as("backoff grows").isGreaterThan(TimeUnit.MILLISECONDS.toNanos(60));
      Thread.sleep(300);
      assertThat(attempts).as("delivered, so not retried again").hasSize(5);
    }
  }

  @Test
  void aFailingSessionDoesNotHoldUpTheOthers() throws Exception {
    List<String> delivered = new CopyOnWriteArrayList<>();
    EventListener picky = e -> {
      CheckoutSessionEvent ce = (CheckoutSessionEvent) e;
      if ("o_poison".equals(ce.session().metadata().get("order_id"))) {
        throw new IllegalStateException("cannot handle this order");
      }
      delivered.add(ce.session().metadata().get("order_id"));
    };
    try (PlugipayEngine engine = builder().listener(picky).build()) {
      CheckoutSession poison = engine.checkoutSessions().create(order("o_poison"));
      engine.checkoutSessions().confirm(poison.id());
      for (int i = 0; i < 20; i++) {
        engine.checkoutSessions().create(order("o_" + i));
      }
      await(() -> delivered.size() == 20);
      assertThat(delivered).doesNotContain("o_poison");
    }
  }

  @Test
  void aListenerThatSucceededIsNotGivenTheEventAgainWhenAnotherFailed() throws Exception {
    List<String> steady = new CopyOnWriteArrayList<>();
    AtomicInteger flakyCalls = new AtomicInteger();
    try (PlugipayEngine engine = builder()
        .listener(e -> steady.add(e.id()))
        .listener(e -> {
          if (flakyCalls.incrementAndGet() == 1) {
            throw new IllegalStateException("once");
          }
        }).build()) {
      engine.checkoutSessions().create(order("o_two"));
      await(() -> flakyCalls.get() >= 2);
      Thread.sleep(100);
      assertThat(steady).hasSize(1);
    }
  }

  @Test
  void subscribeAndUnsubscribe() throws Exception {
    BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    try (PlugipayEngine engine = builder().build()) {
      Subscription sub = engine.events().subscribe(received::add);
      CheckoutSession s = engine.checkoutSessions().create(order("o_sub"));
      assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
      sub.close();
      sub.close();
      engine.checkoutSessions().cancel(s.id());
      assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void eventsCommittedWhileNobodyListensAreHistoryButNotDelivered() throws Exception {
    InMemorySessionStore store = new InMemorySessionStore();
    BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    try (PlugipayEngine engine = builder().store(store).build()) {
      CheckoutSession s = engine.checkoutSessions().create(order("o_quiet"));
      assertThat(store.pendingEventCount()).as("written as delivered").isZero();

      Subscription sub = engine.events().subscribe(received::add);
      CheckoutSession paid = engine.checkoutSessions().confirm(s.id());
      CheckoutSessionEvent first = (CheckoutSessionEvent) received.poll(10, TimeUnit.SECONDS);
      assertThat(first.type()).isEqualTo(CheckoutSessionEvent.TYPE_COMPLETED);
      assertThat(first.session()).isEqualTo(paid);
      assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("the quiet one never comes").isNull();
      await(() -> store.pendingEventCount() == 0);

      sub.close();
      CheckoutSession later = engine.checkoutSessions().create(order("o_quiet_2"));
      assertThat(store.pendingEventCount()).isZero();
      assertThat(store.events("acct_default", s.id())).extracting(CheckoutSessionEvent::type)
          .containsExactly(CheckoutSessionEvent.TYPE_CREATED, CheckoutSessionEvent.TYPE_COMPLETED);
      CheckoutSessionEvent created = store.events("acct_default", s.id()).get(0);
      assertThat(created.id()).as("named after its session").isEqualTo("evt_" + s.id().substring(3));
      assertThat(created.session()).as("the session as created").isEqualTo(s);
      assertThat(created.occurredAt()).isEqualTo(s.createdAt());
      assertThat(store.events("acct_default", later.id())).hasSize(1);
    }
  }

  @Test
  void eventsQueuedWhileSomeoneListenedAreMarkedDeliveredOnceNobodyDoes() throws Exception {
    InMemorySessionStore store = new InMemorySessionStore();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (PlugipayEngine engine = builder().store(store).build()) {
      Subscription sub = engine.events().subscribe(e -> {
        try {
          release.await(10, TimeUnit.SECONDS); // holds the first event in flight
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("not now");
      });
      CheckoutSession s = engine.checkoutSessions().create(order("o_left"));
      engine.checkoutSessions().cancel(s.id());
      assertThat(store.pendingEventCount()).isEqualTo(2);
      sub.close();
      release.countDown();
      // the failed delivery is rescheduled; with no listener left both events are marked delivered
      await(() -> store.pendingEventCount() == 0);
    }
  }

  @Test
  void closeStopsTheDispatcher() throws Exception {
    List<String> before = outboxThreads();
    PlugipayEngine engine = builder().listener(e -> { }).build();
    engine.checkoutSessions().create(order("o_close"));
    List<String> ours = outboxThreads();
    ours.removeAll(before);
    assertThat(ours).hasSize(1);
    engine.close();
    await(() -> outboxThreads().stream().noneMatch(ours::contains));
  }

  private static List<String> outboxThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("plugipay-outbox-")) {
        names.add(t.getName());
      }
    }
    return names;
  }
}
