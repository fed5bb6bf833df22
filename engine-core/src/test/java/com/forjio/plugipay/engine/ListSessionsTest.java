package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListSessionsTest {
  private final MutableClock clock = MutableClock.startingAtEpochOfTests();
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final PlugipayEngine engine = PlugipayEngine.builder().store(store).clock(clock)
      .expirySweepInterval(Duration.ZERO).build();
  private final CheckoutSessions cs = engine.checkoutSessions();

  @AfterEach
  void close() {
    engine.close();
  }

  private List<CheckoutSession> createMany(int n, String customer) {
    List<CheckoutSession> made = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      made.add(cs.create(CreateValidationTest.valid().customerId(customer)
          .metadata(Map.of("n", customer + i)).build()));
      clock.advance(Duration.ofMillis(1));
    }
    return made;
  }

  private List<CheckoutSession> walk(CheckoutSessionListParams.Builder params, int limit) {
    List<CheckoutSession> all = new ArrayList<>();
    String cursor = null;
    do {
      Page<CheckoutSession> page = cs.list(params.limit(limit).cursor(cursor).build());
      all.addAll(page.data());
      assertThat(page.hasMore()).isEqualTo(page.cursor() != null);
      cursor = page.cursor();
    } while (cursor != null);
    return all;
  }

  @Test
  void newestFirstByDefaultWithKeysetPages() {
    List<CheckoutSession> made = createMany(7, "cus_a");
    Page<CheckoutSession> first = cs.list(CheckoutSessionListParams.builder().limit(3).build());
    assertThat(first.data()).extracting(CheckoutSession::id)
        .containsExactly(made.get(6).id(), made.get(5).id(), made.get(4).id());
    assertThat(first.hasMore()).isTrue();
    List<CheckoutSession> all = walk(CheckoutSessionListParams.builder(), 3);
    assertThat(all).extracting(CheckoutSession::id)
        .containsExactlyElementsOf(reversedIds(made));
    Page<CheckoutSession> last = cs.list(CheckoutSessionListParams.builder().limit(7).build());
    assertThat(last.hasMore()).isFalse();
    assertThat(last.cursor()).isNull();
  }

  private static List<String> reversedIds(List<CheckoutSession> sessions) {
    List<String> ids = new ArrayList<>();
    for (int i = sessions.size() - 1; i >= 0; i--) {
      ids.add(sessions.get(i).id());
    }
    return ids;
  }

  @Test
  void ascendingOrderIsOldestFirst() {
    List<CheckoutSession> made = createMany(5, "cus_a");
    assertThat(walk(CheckoutSessionListParams.builder().order(Order.ASC), 2))
        .extracting(CheckoutSession::id)
        .containsExactlyElementsOf(made.stream().map(CheckoutSession::id).toList());
  }

  @Test
  void theDefaultPageIsFiftyAndTheLimitIsOneToOneHundred() {
    createMany(60, "cus_a");
    assertThat(cs.list().data()).hasSize(50);
    assertThat(cs.list(CheckoutSessionListParams.builder().limit(100).build()).data()).hasSize(60);
    assertThat(cs.list(CheckoutSessionListParams.builder().limit(1).build()).data()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 101})
  void aLimitOutsideOneToOneHundredIsRefused(int limit) {
    assertThatThrownBy(() -> cs.list(CheckoutSessionListParams.builder().limit(limit).build()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
          assertThat(e.param()).isEqualTo("limit");
        });
  }

  @Test
  void filtersByStatusCustomerAndCreationTime() {
    List<CheckoutSession> a = createMany(3, "cus_a");
    List<CheckoutSession> b = createMany(2, "cus_b");
    cs.confirm(a.get(0).id());
    cs.cancel(b.get(0).id());
    assertThat(cs.list(CheckoutSessionListParams.builder().customerId("cus_b").build()).data())
        .extracting(CheckoutSession::id).containsExactly(b.get(1).id(), b.get(0).id());
    assertThat(cs.list(CheckoutSessionListParams.builder().status(CheckoutSessionStatus.COMPLETED).build()).data())
        .extracting(CheckoutSession::id).containsExactly(a.get(0).id());
    assertThat(cs.list(CheckoutSessionListParams.builder().status(CheckoutSessionStatus.OPEN)
        .customerId("cus_a").build()).data()).hasSize(2);
    assertThat(cs.list(CheckoutSessionListParams.builder().createdAfter(a.get(2).createdAt())
        .createdBefore(b.get(1).createdAt()).build()).data())
        .extracting(CheckoutSession::id).containsExactly(b.get(0).id(), a.get(2).id());
    assertThatThrownBy(() -> cs.list(CheckoutSessionListParams.builder()
        .createdAfter(b.get(1).createdAt()).createdBefore(a.get(0).createdAt()).build()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("createdBefore"));
  }

  @Test
  void malformedAndForeignCursorsAreRefused() {
    createMany(3, "cus_a");
    String cursor = cs.list(CheckoutSessionListParams.builder().limit(1).build()).cursor();
    assertThat(cursor).isNotNull();
    String garbage64 = Base64.getUrlEncoder().encodeToString("hello|world".getBytes(StandardCharsets.UTF_8));
    for (String bad : new String[] {"!!!not base64!!!", garbage64, "", cursor + "x"}) {
      assertThatThrownBy(() -> cs.list(CheckoutSessionListParams.builder().cursor(bad).build()))
          .as(bad).isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.param()).isEqualTo("cursor");
          });
    }
    assertThatThrownBy(() -> engine.forAccount("acct_other").checkoutSessions()
        .list(CheckoutSessionListParams.builder().cursor(cursor).build()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("cursor"));
    assertThatThrownBy(() -> cs.list(CheckoutSessionListParams.builder().cursor(cursor).order(Order.ASC).build()))
        .isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.param()).isEqualTo("cursor"));
  }

  @Test
  void walkingAllPagesWhileOthersCreateReturnsEveryEarlierSessionExactlyOnce() throws Exception {
    List<CheckoutSession> before = createMany(120, "cus_a");
    AtomicBoolean walking = new AtomicBoolean(true);
    AtomicInteger createdMeanwhile = new AtomicInteger();
    Thread creator = new Thread(() -> {
      int i = 0;
      while (walking.get()) {
        cs.create(CreateValidationTest.valid().metadata(Map.of("late", Integer.toString(i++))).build());
        createdMeanwhile.incrementAndGet();
      }
    });
    creator.start();
    List<CheckoutSession> walked;
    try {
      while (createdMeanwhile.get() == 0) { // the creator is running before the walk starts
        Thread.onSpinWait();
      }
      walked = walk(CheckoutSessionListParams.builder(), 7);
    } finally {
      walking.set(false);
      creator.join();
    }
    assertThat(walked).extracting(CheckoutSession::id).doesNotHaveDuplicates()
        .containsAll(before.stream().map(CheckoutSession::id).toList());
    assertThat(createdMeanwhile.get()).isPositive();
  }

  @Test
  void aListNeverShowsAnOpenSessionPastItsExpiry() {
    CheckoutSession shortLived = cs.create(CreateValidationTest.valid().expiresInSec(60).build());
    CheckoutSession longLived = cs.create(CreateValidationTest.valid().expiresInSec(3600).build());
    clock.advance(Duration.ofSeconds(60));
    assertThat(cs.list(CheckoutSessionListParams.builder().status(CheckoutSessionStatus.OPEN).build()).data())
        .extracting(CheckoutSession::id).containsExactly(longLived.id());
    assertThat(cs.list(CheckoutSessionListParams.builder().status(CheckoutSessionStatus.EXPIRED).build()).data())
        .extracting(CheckoutSession::id).containsExactly(shortLived.id());
    Page<CheckoutSession> all = cs.list();
    assertThat(all.data()).filteredOn(s -> s.id().equals(shortLived.id()))
        .extracting(CheckoutSession::status).containsExactly(CheckoutSessionStatus.EXPIRED);
    cs.list();
    assertThat(store.events(shortLived.accountId(), shortLived.id())).extracting(CheckoutSessionEvent::type)
        .containsExactly(CheckoutSessionEvent.TYPE_CREATED, CheckoutSessionEvent.TYPE_EXPIRED);
  }

  @Test
  void aNullListParameterIsRefused() {
    assertThatThrownBy(() -> cs.list(null)).isInstanceOfSatisfying(PlugipayException.class,
        e -> assertThat(e.param()).isEqualTo("params"));
  }
}
