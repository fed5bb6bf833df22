package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.EventListener;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.StoreFixtures;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 10: the dispatcher's memory of which listeners have an unacknowledged event stays
 * bounded when acknowledgements fail: before, an entry stayed forever when the event was never
 * claimed here again (acknowledged by a write whose answer was lost, or taken by another engine).
 */
class OutboxDeliveredMemoryTest {

  /** The store commits every acknowledgement, then the answer is lost. */
  private static SessionStore losingAcknowledgements(SessionStore real) {
    return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
        new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("acknowledge")) {
            throw new IllegalStateException("the connection dropped before the answer came");
          }
          return result;
        });
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 15 s");
      }
      Thread.sleep(5);
    }
  }

  private static void commitOneEvent(SessionStore store) {
    Instant now = Instant.now();
    var s = StoreFixtures.open("acct_a", now);
    store.create(StoreFixtures.create(s, "k-" + s.session().id(), "fp-" + s.session().id(), now));
  }

  @Test
  void anEventNeverClaimedAgainIsForgottenAfterItsHorizon() throws Exception {
    InMemorySessionStore real = new InMemorySessionStore();
    SessionStore store = losingAcknowledgements(real);
    AtomicLong nanos = new AtomicLong();
    List<Event> received = new CopyOnWriteArrayList<>();
    Duration maxBackoff = Duration.ofMillis(20);
    OutboxDispatcher d = new OutboxDispatcher(store, "t", List.of((EventListener) received::add),
        Duration.ofMillis(1), maxBackoff, Duration.ofMillis(10), 1, nanos::get);
    d.start();
    try {
      for (int i = 0; i < 5; i++) {
        commitOneEvent(store);
      }
      d.wake();
      await(() -> received.size() == 5 && d.rememberedEvents() == 5);
      nanos.addAndGet(OutboxDispatcher.forgetAfter(maxBackoff).toNanos() - 1);
      commitOneEvent(store);
      d.wake();
      await(() -> received.size() == 6);
      await(() -> d.rememberedEvents() == 6);
      nanos.addAndGet(2);
      commitOneEvent(store);
      d.wake();
      await(() -> received.size() == 7);
      await(() -> d.rememberedEvents() == 2);
      assertThat(received).extracting(Event::id).doesNotHaveDuplicates();
    } finally {
      d.close();
      real.close();
    }
  }
}
