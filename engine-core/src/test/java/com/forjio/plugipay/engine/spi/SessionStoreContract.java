package com.forjio.plugipay.engine.spi;

import static com.forjio.plugipay.engine.spi.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SessionStore} must pass. A store implementation is done when a subclass
 * that supplies fresh, empty instances passes every test here:
 *
 * <pre>{@code
 * class MyStoreContractTest extends SessionStoreContract {
 *   @Override protected SessionStore newStore() { return new MyStore(emptyDatabase()); }
 * }
 * }</pre>
 *
 * The tests use only the SPI, never sleep, and build their records with {@link StoreFixtures}
 * (microsecond times, unique ids). Each one checks one sentence of the {@link SessionStore} Javadoc.
 */
public abstract class SessionStoreContract {
  private static final String ACCT = "acct_contract";
  private static final Instant LATER = T0.plus(Duration.ofDays(3));

  protected SessionStore store;

  /** A fresh store with no sessions, keys or events. */
  protected abstract SessionStore newStore();

  /** Releases a store made by {@link #newStore()}; closes it by default. */
  protected void closeStore(SessionStore s) {
    s.close();
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void releaseStore() {
    closeStore(store);
  }

  private StoredSession created(Instant at) {
    StoredSession s = StoreFixtures.open(ACCT, at);
    assertThat(store.create(StoreFixtures.create(s, "k-" + s.session().id(), "fp-" + s.session().id(), at))
        .created()).isTrue();
    return s;
  }

  private StoredSession moved(StoredSession s, CheckoutSessionStatus to, Instant at) {
    TransitionResult r = store.transition(StoreFixtures.move(s, to, at));
    assertThat(r.applied()).isTrue();
    return r.current();
  }

  private List<OutboxEntry> claimAll(String owner, Instant now) {
    return store.claimOutbox(new OutboxClaim(owner, now, now.plusSeconds(30), 1000));
  }

  // ---------------------------------------------------------------- create

  @Test
  void createWritesTheSessionItsKeyAndItsCreatedEvent() {
    StoredSession s = StoreFixtures.open(ACCT, T0);
    CreateSessionRequest req = StoreFixtures.create(s, "key-1", "fp-1", T0);
    CreateSessionResult r = store.create(req);
    assertThat(r.created()).isTrue();
    assertThat(r.session()).isEqualTo(s);
    assertThat(r.fingerprint()).isEqualTo("fp-1");
    assertThat(store.find(ACCT, s.session().id())).contains(s);
    assertThat(store.findByHostedToken(s.hostedToken())).contains(s);
    assertThat(store.events(ACCT, s.session().id())).containsExactly(req.event());
  }

  /**
   * The engine names a created event after its session ({@code evt_} and the session's ULID); a
   * store may rebuild such an event instead of keeping it, but reads it back as written, before and
   * after the session moves on, and delivers it as written.
   */
  @Test
  void aCreatedEventNamedAfterItsSessionReadsBackAsWritten() {
    StoredSession s = StoreFixtures.open(ACCT, T0);
    CheckoutSessionEvent created = new CheckoutSessionEvent(
        "evt_" + s.session().id().substring("cs_".length()), CheckoutSessionEvent.TYPE_CREATED,
        ACCT, s.session().createdAt(), s.session());
    assertThat(store.create(new CreateSessionRequest(s, created, "checkout_session.create", "key-n",
        false, "fp-n", T0.plus(Duration.ofDays(1)), T0, true)).created()).isTrue();
    assertThat(store.events(ACCT, s.session().id())).containsExactly(created);

    TransitionRequest cancel = StoreFixtures.move(s, CheckoutSessionStatus.CANCELED, T0.plusSeconds(4));
    assertThat(store.transition(cancel).applied()).isTrue();
    List<CheckoutSessionEvent> history = store.events(ACCT, s.session().id());
    assertThat(history).containsExactly(created, cancel.event());
    assertThat(history.get(0).session()).isEqualTo(s.session());

    List<OutboxEntry> claimed = claimAll("w", T0.plusSeconds(5));
    assertThat(claimed).extracting(OutboxEntry::event).containsExactly(created);
  }

  @Test
  void duplicateExplicitKeyReturnsTheWinnerWithoutWriting() {
    StoredSession winner = StoreFixtures.open(ACCT, T0);
    store.create(StoreFixtures.create(winner, "dup", "fp-winner", T0));
    StoredSession loser = StoreFixtures.open(ACCT, T0.plusSeconds(1));
    CreateSessionResult r = store.create(StoreFixtures.create(loser, "dup", "fp-loser", T0.plusSeconds(1)));
    assertThat(r.created()).isFalse();
    assertThat(r.session()).isEqualTo(winner);
    assertThat(r.fingerprint()).isEqualTo("fp-winner");
    assertThat(store.find(ACCT, loser.session().id())).isEmpty();
    assertThat(store.findByHostedToken(loser.hostedToken())).isEmpty();
    assertThat(store.events(ACCT, loser.session().id())).isEmpty();
  }

  @Test
  void duplicateKeyReturnsTheWinnersCurrentState() {
    StoredSession winner = StoreFixtures.open(ACCT, T0);
    store.create(StoreFixtures.create(winner, "k", "fp", T0));
    StoredSession completed = moved(winner, CheckoutSessionStatus.COMPLETED, T0.plusSeconds(5));
    CreateSessionResult r = store.create(
        StoreFixtures.create(StoreFixtures.open(ACCT, T0.plusSeconds(6)), "k", "fp", T0.plusSeconds(6)));
    assertThat(r.created()).isFalse();
    assertThat(r.session()).isEqualTo(completed);
    assertThat(r.session().version()).isEqualTo(2);
  }

  @Test
  void anExpiredKeyNoLongerDeduplicates() {
    StoredSession first = StoreFixtures.open(ACCT, T0);
    store.create(StoreFixtures.create(first, "old", "fp", T0)); // kept one day
    Instant dayLater = T0.plus(Duration.ofDays(1)).plusSeconds(1);
    StoredSession second = StoreFixtures.open(ACCT, dayLater);
    CreateSessionResult r = store.create(StoreFixtures.create(second, "old", "fp", dayLater));
    assertThat(r.created()).isTrue();
    assertThat(r.session()).isEqualTo(second);
    assertThat(store.find(ACCT, first.session().id())).isPresent();
    // and the key now points at the second session
    CreateSessionResult again = store.create(StoreFixtures.create(
        StoreFixtures.open(ACCT, dayLater.plusSeconds(1)), "old", "fp", dayLater.plusSeconds(1)));
    assertThat(again.session().session().id()).isEqualTo(second.session().id());
  }

  @Test
  void keysAreScopedByAccountAndOperation() {
    StoredSession a = StoreFixtures.open(ACCT, T0);
    store.create(StoreFixtures.create(a, "shared", "fp", T0));
    StoredSession otherAccount = StoreFixtures.open("acct_other", T0);
    assertThat(store.create(StoreFixtures.create(otherAccount, "shared", "fp", T0)).created()).isTrue();
    StoredSession otherOperation = StoreFixtures.open(ACCT, T0);
    CreateSessionRequest base = StoreFixtures.create(otherOperation, "shared", "fp", T0);
    CreateSessionRequest op = new CreateSessionRequest(base.session(), base.event(), "other.op",
        base.key(), false, base.fingerprint(), base.keyExpiresAt(), base.now());
    assertThat(store.create(op).created()).isTrue();
  }

  @Test
  void derivedKeyDeduplicatesWhileTheSessionIsActive() {
    StoredSession s = StoreFixtures.open(ACCT, T0);
    store.create(StoreFixtures.createDerived(s, "fp-d", T0));
    Instant t = T0.plusSeconds(10);
    assertThat(store.create(StoreFixtures.createDerived(StoreFixtures.open(ACCT, t), "fp-d", t))
        .session().session().id()).isEqualTo(s.session().id());
    StoredSession pending = moved(s, CheckoutSessionStatus.PENDING, t);
    CreateSessionResult r = store.create(StoreFixtures.createDerived(StoreFixtures.open(ACCT, t), "fp-d", t));
    assertThat(r.created()).isFalse();
    assertThat(r.session()).isEqualTo(pending);
    moved(pending, CheckoutSessionStatus.PENDING_REVIEW, t.plusSeconds(1));
    assertThat(store.create(StoreFixtures.createDerived(StoreFixtures.open(ACCT, t), "fp-d", t.plusSeconds(2)))
        .created()).isFalse();
  }

  @Test
  void derivedKeyMovesToANewSessionOnceItsSessionIsTerminal() {
    StoredSession first = StoreFixtures.open(ACCT, T0);
    store.create(StoreFixtures.createDerived(first, "fp-t", T0));
    moved(first, CheckoutSessionStatus.CANCELED, T0.plusSeconds(1));
    StoredSession second = StoreFixtures.open(ACCT, T0.plusSeconds(2));
    CreateSessionResult r = store.create(StoreFixtures.createDerived(second, "fp-t", T0.plusSeconds(2)));
    assertThat(r.created()).isTrue();
    assertThat(r.session()).isEqualTo(second);
    CreateSessionResult third = store.create(StoreFixtures.createDerived(
        StoreFixtures.open(ACCT, T0.plusSeconds(3)), "fp-t", T0.plusSeconds(3)));
    assertThat(third.created()).isFalse();
    assertThat(third.session().session().id()).isEqualTo(second.session().id());
  }

  @Test
  void derivedKeyMovesWhenItsOpenSessionIsPastExpiry() {
    StoredSession first = StoreFixtures.open(ACCT, T0, T0.plusSeconds(60), null);
    CreateSessionRequest d = StoreFixtures.createDerived(first, "fp-x", T0);
    // the key itself outlives the session, so only the session's expiry can free it
    store.create(new CreateSessionRequest(d.session(), d.event(), d.operation(), d.key(), true,
        d.fingerprint(), T0.plus(Duration.ofDays(1)), T0));
    Instant after = T0.plusSeconds(60);
    StoredSession second = StoreFixtures.open(ACCT, after);
    CreateSessionResult r = store.create(StoreFixtures.createDerived(second, "fp-x", after));
    assertThat(r.created()).isTrue();
    assertThat(store.find(ACCT, first.session().id())).isPresent();
  }

  @Test
  void concurrentCreatesWithOneKeyMakeExactlyOneSessionAndAllReturnIt() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 5; round++) {
        String key = "race-" + round;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<StoredSession> candidates = new ArrayList<>();
        List<Future<CreateSessionResult>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          StoredSession candidate = StoreFixtures.open(ACCT, T0);
          candidates.add(candidate);
          results.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return store.create(StoreFixtures.create(candidate, key, "fp", T0));
          }));
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<CreateSessionResult> f : results) {
          CreateSessionResult r = f.get(60, TimeUnit.SECONDS);
          ids.add(r.session().session().id());
          created += r.created() ? 1 : 0;
        }
        assertThat(ids).hasSize(1);
        assertThat(created).isEqualTo(1);
        assertThat(candidates.stream()
            .filter(c -> store.find(ACCT, c.session().id()).isPresent())).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- find

  @Test
  void findIsScopedByAccountAndAnswersEmptyForUnknownIds() {
    StoredSession s = created(T0);
    assertThat(store.find("acct_other", s.session().id())).isEmpty();
    assertThat(store.find(ACCT, StoreFixtures.sessionId())).isEmpty();
    assertThat(store.findByHostedToken("no-such-token")).isEmpty();
  }

  // ---------------------------------------------------------------- list

  private ListQuery query(Order order, int limit, SortKey after) {
    return new ListQuery(ACCT, null, null, limit, after, order, null, null, T0);
  }

  private static SortKey key(StoredSession s) {
    return new SortKey(s.session().createdAt(), s.session().id());
  }

  @Test
  void listIsNewestFirstByCreatedAtThenIdAndPagesStrictlyAfterTheCursor() {
    List<StoredSession> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(created(T0.minusSeconds(100 - i)));
    }
    Instant tie = T0.minusSeconds(10);
    all.add(created(tie));
    all.add(created(tie)); // same createdAt: the larger id comes first in DESC
    List<StoredSession> expected = new ArrayList<>(all);
    expected.sort((a, b) -> key(b).compareTo(key(a)));

    assertThat(store.list(query(Order.DESC, 100, null))).containsExactlyElementsOf(expected);
    List<StoredSession> walked = new ArrayList<>();
    SortKey after = null;
    while (true) {
      List<StoredSession> page = store.list(query(Order.DESC, 2, after));
      walked.addAll(page);
      if (page.size() < 2) {
        break;
      }
      after = key(page.get(page.size() - 1));
    }
    assertThat(walked).containsExactlyElementsOf(expected);
  }

  @Test
  void listAscendingIsOldestFirst() {
    StoredSession a = created(T0.minusSeconds(3));
    StoredSession b = created(T0.minusSeconds(2));
    StoredSession c = created(T0.minusSeconds(1));
    assertThat(store.list(query(Order.ASC, 10, null))).containsExactly(a, b, c);
    assertThat(store.list(query(Order.ASC, 10, key(a)))).containsExactly(b, c);
    assertThat(store.list(query(Order.DESC, 10, key(c)))).containsExactly(b, a);
  }

  @Test
  void listFiltersByCustomerAndCreatedBounds() {
    StoredSession mine = StoreFixtures.open(ACCT, T0.minusSeconds(30), T0.plusSeconds(3600), "cus_1");
    store.create(StoreFixtures.create(mine, "m", "fp-m", T0));
    StoredSession theirs = StoreFixtures.open(ACCT, T0.minusSeconds(20), T0.plusSeconds(3600), "cus_2");
    store.create(StoreFixtures.create(theirs, "t", "fp-t", T0));
    StoredSession old = created(T0.minusSeconds(100));
    assertThat(store.list(new ListQuery(ACCT, null, "cus_1", 10, null, Order.DESC, null, null, T0)))
        .containsExactly(mine);
    assertThat(store.list(new ListQuery(ACCT, null, null, 10, null, Order.DESC,
        T0.minusSeconds(30), T0.minusSeconds(20), T0)))
        .as("createdAfter inclusive, createdBefore exclusive").containsExactly(mine);
    assertThat(store.list(new ListQuery(ACCT, null, null, 10, null, Order.DESC,
        null, T0.minusSeconds(30), T0))).containsExactly(old);
  }

  @Test
  void listFiltersByTheStatusAReaderWouldSee() {
    StoredSession live = StoreFixtures.open(ACCT, T0.minusSeconds(50), T0.plusSeconds(60), null);
    store.create(StoreFixtures.create(live, "live", "fp1", T0));
    StoredSession lapsed = StoreFixtures.open(ACCT, T0.minusSeconds(40), T0, null); // due exactly now
    store.create(StoreFixtures.create(lapsed, "lapsed", "fp2", T0));
    StoredSession done = moved(created(T0.minusSeconds(30)), CheckoutSessionStatus.COMPLETED, T0);
    StoredSession gone = moved(created(T0.minusSeconds(20)), CheckoutSessionStatus.EXPIRED, T0);
    ListQuery open = new ListQuery(ACCT, CheckoutSessionStatus.OPEN, null, 10, null, Order.DESC, null, null, T0);
    assertThat(store.list(open)).containsExactly(live);
    ListQuery expired = new ListQuery(ACCT, CheckoutSessionStatus.EXPIRED, null, 10, null, Order.DESC, null, null, T0);
    assertThat(store.list(expired)).containsExactly(gone, lapsed);
    ListQuery completed = new ListQuery(ACCT, CheckoutSessionStatus.COMPLETED, null, 10, null, Order.DESC, null, null, T0);
    assertThat(store.list(completed)).containsExactly(done);
  }

  @Test
  void listHonoursTheLimitAndSeesOnlyItsAccount() {
    for (int i = 0; i < 5; i++) {
      created(T0.minusSeconds(i + 1));
    }
    store.create(StoreFixtures.create(StoreFixtures.open("acct_other", T0), "o", "fp", T0));
    assertThat(store.list(query(Order.DESC, 3, null))).hasSize(3);
    assertThat(store.list(query(Order.DESC, 100, null)))
        .hasSize(5).allSatisfy(s -> assertThat(s.session().accountId()).isEqualTo(ACCT));
  }

  // ---------------------------------------------------------------- transition

  @Test
  void transitionAppliesOnTheExpectedVersionAndAppendsItsEvent() {
    StoredSession s = created(T0);
    TransitionRequest req = StoreFixtures.move(s, CheckoutSessionStatus.COMPLETED, T0.plusSeconds(9));
    TransitionResult r = store.transition(req);
    assertThat(r.applied()).isTrue();
    assertThat(r.current().version()).isEqualTo(2);
    assertThat(r.current().session()).isEqualTo(req.next());
    assertThat(r.current().hostedToken()).isEqualTo(s.hostedToken());
    assertThat(store.find(ACCT, s.session().id())).contains(r.current());
    List<CheckoutSessionEvent> history = store.events(ACCT, s.session().id());
    assertThat(history).hasSize(2);
    assertThat(history.get(1)).isEqualTo(req.event());
  }

  @Test
  void aStaleVersionIsRefusedAndChangesNothing() {
    StoredSession s = created(T0);
    StoredSession canceled = moved(s, CheckoutSessionStatus.CANCELED, T0.plusSeconds(1));
    TransitionResult r = store.transition(StoreFixtures.move(s, CheckoutSessionStatus.COMPLETED, T0.plusSeconds(2)));
    assertThat(r.applied()).isFalse();
    assertThat(r.current()).isEqualTo(canceled);
    assertThat(store.find(ACCT, s.session().id())).contains(canceled);
    assertThat(store.events(ACCT, s.session().id())).hasSize(2);
  }

  @Test
  void racingTransitionsFromOneVersionHaveExactlyOneWinnerAndOneEvent() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 10; round++) {
        StoredSession s = created(T0);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<TransitionResult>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          CheckoutSessionStatus to = t % 2 == 0 ? CheckoutSessionStatus.COMPLETED : CheckoutSessionStatus.CANCELED;
          TransitionRequest req = StoreFixtures.move(s, to, T0.plusSeconds(1));
          results.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return store.transition(req);
          }));
        }
        int applied = 0;
        for (Future<TransitionResult> f : results) {
          applied += f.get(60, TimeUnit.SECONDS).applied() ? 1 : 0;
        }
        assertThat(applied).isEqualTo(1);
        assertThat(store.events(ACCT, s.session().id())).hasSize(2);
        assertThat(store.find(ACCT, s.session().id()).orElseThrow().version()).isEqualTo(2);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- expiry

  @Test
  void dueForExpiryIsOpenSessionsPastTheirExpiryEarliestFirst() {
    StoredSession late = StoreFixtures.open(ACCT, T0, T0.plusSeconds(300), null);
    StoredSession early = StoreFixtures.open(ACCT, T0, T0.plusSeconds(100), null);
    StoredSession notYet = StoreFixtures.open(ACCT, T0, T0.plusSeconds(900), null);
    StoredSession paid = StoreFixtures.open(ACCT, T0, T0.plusSeconds(50), null);
    for (StoredSession s : List.of(late, early, notYet, paid)) {
      store.create(StoreFixtures.create(s, "k" + s.session().id(), "fp", T0));
    }
    moved(paid, CheckoutSessionStatus.COMPLETED, T0.plusSeconds(10));
    Instant now = T0.plusSeconds(300);
    assertThat(store.findDueForExpiry(now, 10)).containsExactly(early, late);
    assertThat(store.findDueForExpiry(now, 1)).containsExactly(early);
    assertThat(store.findDueForExpiry(T0.plusSeconds(99), 10)).isEmpty();
  }

  @Test
  void aSessionLeavingOpenIsNoLongerDueAndOneReopenedIsAgain() {
    StoredSession s = StoreFixtures.open(ACCT, T0, T0.plusSeconds(60), null);
    store.create(StoreFixtures.create(s, "k", "fp", T0));
    StoredSession pending = moved(s, CheckoutSessionStatus.PENDING, T0.plusSeconds(1));
    assertThat(store.findDueForExpiry(T0.plusSeconds(120), 10)).isEmpty();
    StoredSession reopened = moved(pending, CheckoutSessionStatus.OPEN, T0.plusSeconds(2));
    assertThat(store.findDueForExpiry(T0.plusSeconds(120), 10)).containsExactly(reopened);
  }

  // ---------------------------------------------------------------- outbox

  @Test
  void claimReturnsOnlyTheOldestUndeliveredEventOfEachSession() {
    StoredSession a = created(T0);
    moved(a, CheckoutSessionStatus.COMPLETED, T0.plusSeconds(1));
    StoredSession b = created(T0);
    List<OutboxEntry> claimed = claimAll("engine-1", LATER);
    assertThat(claimed).extracting(e -> e.event().type())
        .containsOnly(CheckoutSessionEvent.TYPE_CREATED).hasSize(2);
    assertThat(claimed).extracting(e -> e.event().session().id())
        .containsExactlyInAnyOrder(a.session().id(), b.session().id());
    assertThat(claimed).allSatisfy(e -> assertThat(e.attempts()).isZero());
  }

  @Test
  void eventsWrittenWithoutDispatchAreHistoryButNeverClaimed() {
    StoredSession a = StoreFixtures.open(ACCT, T0);
    CreateSessionRequest plain = StoreFixtures.create(a, "k-quiet", "fp-quiet", T0);
    assertThat(store.create(new CreateSessionRequest(plain.session(), plain.event(),
        plain.operation(), plain.key(), plain.derived(), plain.fingerprint(), plain.keyExpiresAt(),
        plain.now(), false)).created()).isTrue();
    TransitionRequest toPending = StoreFixtures.move(a, CheckoutSessionStatus.PENDING,
        T0.plusSeconds(1));
    TransitionResult pending = store.transition(new TransitionRequest(toPending.expectedVersion(),
        toPending.next(), toPending.event(), null, false));
    assertThat(pending.applied()).isTrue();
    assertThat(claimAll("e", LATER)).isEmpty();
    assertThat(store.acknowledgeClaimable(new OutboxClaim("e", LATER, LATER.plusSeconds(30), 10)))
        .isZero();

    // a later event that is dispatched is the session's oldest undelivered one
    StoredSession completed = moved(pending.current(), CheckoutSessionStatus.COMPLETED,
        T0.plusSeconds(2));
    List<OutboxEntry> claimed = claimAll("e", LATER);
    assertThat(claimed).extracting(e -> e.event().type())
        .containsExactly(CheckoutSessionEvent.TYPE_COMPLETED);
    store.acknowledge(claimed.get(0).event().id());
    assertThat(claimAll("e", LATER.plusSeconds(60))).isEmpty();
    assertThat(store.events(ACCT, a.session().id())).extracting(CheckoutSessionEvent::type)
        .containsExactly(CheckoutSessionEvent.TYPE_CREATED, CheckoutSessionEvent.TYPE_PENDING,
            CheckoutSessionEvent.TYPE_COMPLETED);
    assertThat(completed.version()).isEqualTo(3);
  }

  @Test
  void anUndispatchedTransitionDoesNotHideTheSessionsQueuedEvents() {
    StoredSession s = created(T0);
    TransitionRequest cancel = StoreFixtures.move(s, CheckoutSessionStatus.CANCELED,
        T0.plusSeconds(1));
    assertThat(store.transition(new TransitionRequest(cancel.expectedVersion(), cancel.next(),
        cancel.event(), null, false)).applied()).isTrue();
    List<OutboxEntry> claimed = claimAll("e", LATER);
    assertThat(claimed).extracting(e -> e.event().type())
        .containsExactly(CheckoutSessionEvent.TYPE_CREATED);
    store.acknowledge(claimed.get(0).event().id());
    assertThat(claimAll("e", LATER.plusSeconds(60))).isEmpty();
    assertThat(store.events(ACCT, s.session().id())).hasSize(2);
  }

  /**
   * A retry that came due is not starved by new events, which are all due at once: with as many new
   * events written before each claim as the claim takes, it is still claimed within two rounds.
   */
  @Test
  void aDueRetryIsClaimedDespiteAStreamOfNewEvents() {
    StoredSession failing = created(T0);
    OutboxEntry first = claimAll("e", LATER).get(0);
    store.reschedule(first.event().id(), LATER.plusSeconds(1));
    int limit = 4;
    boolean claimedAgain = false;
    for (int round = 0; round < 2 && !claimedAgain; round++) {
      for (int i = 0; i < limit; i++) {
        created(T0.plusSeconds(10 + round * limit + i));
      }
      Instant now = LATER.plusSeconds(2 + round);
      for (OutboxEntry e : store.claimOutbox(new OutboxClaim("e", now, now.plusSeconds(30), limit))) {
        claimedAgain |= e.event().id().equals(first.event().id());
        store.acknowledge(e.event().id());
      }
    }
    assertThat(claimedAgain).as("the retry of %s was claimed", failing.session().id()).isTrue();
  }

  /** Issue 17, defect 3: a writer's clock ahead of the claimer's hid its events from the claim. */
  @Test
  void aNewEventIsDueAtOnceWhateverTheClocksOfItsWriterAndItsClaimer() {
    Instant ahead = T0.plus(Duration.ofDays(30));
    StoredSession s = created(ahead);
    assertThat(claimAll("behind", T0)).extracting(e -> e.event().session().id())
        .containsExactly(s.session().id());
    store.acknowledge(store.events(ACCT, s.session().id()).get(0).id());
    moved(s, CheckoutSessionStatus.CANCELED, ahead.plusSeconds(1));
    assertThat(claimAll("behind", T0)).extracting(e -> e.event().type())
        .containsExactly(CheckoutSessionEvent.TYPE_CANCELED);
  }

  @Test
  void aLeasedEventIsNotClaimedAgainUntilItsLeaseLapses() {
    created(T0);
    assertThat(store.claimOutbox(new OutboxClaim("one", LATER, LATER.plusSeconds(30), 10))).hasSize(1);
    assertThat(store.claimOutbox(new OutboxClaim("one", LATER.plusSeconds(1), LATER.plusSeconds(31), 10))).isEmpty();
    assertThat(store.claimOutbox(new OutboxClaim("two", LATER.plusSeconds(29), LATER.plusSeconds(59), 10))).isEmpty();
    List<OutboxEntry> again = store.claimOutbox(new OutboxClaim("two", LATER.plusSeconds(30), LATER.plusSeconds(60), 10));
    assertThat(again).hasSize(1);
  }

  @Test
  void acknowledgeMakesTheNextEventClaimableAndIsIdempotent() {
    StoredSession s = created(T0);
    moved(s, CheckoutSessionStatus.CANCELED, T0.plusSeconds(1));
    OutboxEntry first = claimAll("e", LATER).get(0);
    store.acknowledge(first.event().id());
    store.acknowledge(first.event().id());
    List<OutboxEntry> next = claimAll("e", LATER);
    assertThat(next).hasSize(1);
    assertThat(next.get(0).event().type()).isEqualTo(CheckoutSessionEvent.TYPE_CANCELED);
    store.acknowledge(next.get(0).event().id());
    assertThat(claimAll("e", LATER.plus(Duration.ofDays(1)))).isEmpty();
    assertThat(store.events(ACCT, s.session().id())).hasSize(2); // history stays
  }

  @Test
  void acknowledgeAllAcknowledgesEveryListedEventAndNothingElse() {
    StoredSession a = created(T0);
    moved(a, CheckoutSessionStatus.COMPLETED, T0.plusSeconds(1));
    StoredSession b = created(T0);
    StoredSession c = created(T0);
    List<OutboxEntry> heads = claimAll("e", LATER);
    assertThat(heads).hasSize(3);
    List<String> ab = heads.stream().map(e -> e.event())
        .filter(e -> !e.session().id().equals(c.session().id())).map(CheckoutSessionEvent::id).toList();
    store.acknowledgeAll(ab);
    store.acknowledgeAll(List.of());
    List<OutboxEntry> next = claimAll("e", LATER.plusSeconds(31));
    assertThat(next).extracting(e -> e.event().type()).containsExactlyInAnyOrder(
        CheckoutSessionEvent.TYPE_COMPLETED, CheckoutSessionEvent.TYPE_CREATED);
    assertThat(next).extracting(e -> e.event().session().id())
        .containsExactlyInAnyOrder(a.session().id(), c.session().id());
  }

  @Test
  void acknowledgeClaimableMarksDeliveredWhatIsDueAndFreeAndCountsIt() {
    created(T0);
    created(T0);
    created(T0);
    // two heads leased by another engine, one of them then put back for a retry in 60 s
    List<OutboxEntry> leased =
        store.claimOutbox(new OutboxClaim("other", LATER, LATER.plusSeconds(30), 2));
    assertThat(leased).hasSize(2);
    store.reschedule(leased.get(0).event().id(), LATER.plusSeconds(60));

    assertThat(store.acknowledgeClaimable(quiet(LATER.plusSeconds(1), 10))).isEqualTo(1);
    assertThat(store.acknowledgeClaimable(quiet(LATER.plusSeconds(2), 10))).isZero();
    assertThat(store.acknowledgeClaimable(quiet(LATER.plusSeconds(30), 10)))
        .as("the lapsed lease").isEqualTo(1);
    assertThat(store.acknowledgeClaimable(quiet(LATER.plusSeconds(59), 10))).isZero();
    assertThat(store.acknowledgeClaimable(quiet(LATER.plusSeconds(60), 10)))
        .as("the retry, once due").isEqualTo(1);
    assertThat(claimAll("e", LATER.plus(Duration.ofDays(1)))).isEmpty();

    for (int i = 0; i < 5; i++) {
      created(T0);
    }
    assertThat(store.acknowledgeClaimable(quiet(LATER.plusSeconds(61), 3))).isEqualTo(3);
    assertThat(claimAll("e", LATER.plusSeconds(62))).hasSize(2);
  }

  private static OutboxClaim quiet(Instant now, int limit) {
    return new OutboxClaim("quiet", now, now.plusSeconds(30), limit);
  }

  @Test
  void rescheduleDelaysTheEventCountsTheAttemptAndHoldsBackOnlyItsSession() {
    StoredSession a = created(T0);
    moved(a, CheckoutSessionStatus.COMPLETED, T0.plusSeconds(1));
    StoredSession b = created(T0);
    List<OutboxEntry> claimed = claimAll("e", LATER);
    OutboxEntry aHead = claimed.stream()
        .filter(e -> e.event().session().id().equals(a.session().id())).findFirst().orElseThrow();
    OutboxEntry bHead = claimed.stream()
        .filter(e -> e.event().session().id().equals(b.session().id())).findFirst().orElseThrow();
    store.reschedule(aHead.event().id(), LATER.plusSeconds(60));
    store.acknowledge(bHead.event().id());

    assertThat(claimAll("e", LATER.plusSeconds(59))).isEmpty();
    List<OutboxEntry> retry = claimAll("e", LATER.plusSeconds(60));
    assertThat(retry).hasSize(1);
    assertThat(retry.get(0).event().id()).isEqualTo(aHead.event().id());
    assertThat(retry.get(0).attempts()).isEqualTo(1);
  }

  @Test
  void claimHonoursItsLimitAndConcurrentClaimersNeverShareAnEvent() throws Exception {
    for (int i = 0; i < 30; i++) {
      created(T0);
    }
    assertThat(store.claimOutbox(new OutboxClaim("small", LATER, LATER.plusSeconds(1), 7))).hasSize(7);
    Instant t = LATER.plusSeconds(2); // the small lease lapsed
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CyclicBarrier start = new CyclicBarrier(4);
      List<Future<List<OutboxEntry>>> claims = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String owner = "owner-" + i;
        claims.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return store.claimOutbox(new OutboxClaim(owner, t, t.plusSeconds(30), 100));
        }));
      }
      List<String> ids = new ArrayList<>();
      for (Future<List<OutboxEntry>> f : claims) {
        f.get(60, TimeUnit.SECONDS).forEach(e -> ids.add(e.event().id()));
      }
      assertThat(ids).doesNotHaveDuplicates().hasSize(30);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- history and keys

  @Test
  void eventsAreTheSessionsHistoryOldestFirstAndPrivateToItsAccount() {
    StoredSession s = created(T0);
    StoredSession pending = moved(s, CheckoutSessionStatus.PENDING, T0.plusSeconds(1));
    moved(pending, CheckoutSessionStatus.COMPLETED, T0.plusSeconds(2));
    assertThat(store.events(ACCT, s.session().id())).extracting(CheckoutSessionEvent::type)
        .containsExactly(CheckoutSessionEvent.TYPE_CREATED, CheckoutSessionEvent.TYPE_PENDING,
            CheckoutSessionEvent.TYPE_COMPLETED);
    assertThat(store.events(ACCT, s.session().id()).get(1).session()).isEqualTo(pending.session());
    assertThat(store.events("acct_other", s.session().id())).isEmpty();
  }

  @Test
  void purgeDeletesOnlyExpiredKeysWithinItsLimitAndFreesThem() {
    for (int i = 0; i < 3; i++) {
      StoredSession s = StoreFixtures.open(ACCT, T0);
      store.create(StoreFixtures.create(s, "old-" + i, "fp", T0)); // expire T0 + 1 day
    }
    StoredSession fresh = StoreFixtures.open(ACCT, T0.plus(Duration.ofDays(2)));
    store.create(StoreFixtures.create(fresh, "fresh", "fp", T0.plus(Duration.ofDays(2))));
    Instant purgeAt = T0.plus(Duration.ofDays(1));
    assertThat(store.purgeIdempotencyKeys(purgeAt, 2)).isEqualTo(2);
    assertThat(store.purgeIdempotencyKeys(purgeAt, 10)).isEqualTo(1);
    assertThat(store.purgeIdempotencyKeys(purgeAt, 10)).isZero();
    // a purged key mints a new session; the fresh one still deduplicates
    StoredSession again = StoreFixtures.open(ACCT, T0);
    assertThat(store.create(StoreFixtures.create(again, "old-0", "fp", T0)).created()).isTrue();
    assertThat(store.create(StoreFixtures.create(StoreFixtures.open(ACCT, T0), "fresh", "fp", T0))
        .created()).isFalse();
  }

  // ---------------------------------------------------------------- payment attempts

  @Test
  void aTransitionStoresItsAttemptAsTheSessionsCurrentOne() {
    StoredSession s = created(T0);
    PaymentAttempt attempt = StoreFixtures.attempt(s.session(), "xendit", "inv_1", T0.plusSeconds(1));
    TransitionResult r = store.transition(StoreFixtures.startPayment(s, attempt, T0.plusSeconds(1)));
    assertThat(r.applied()).isTrue();
    assertThat(store.currentAttempt(ACCT, s.session().id())).contains(attempt);
    assertThat(store.findAttempt(attempt.id())).contains(attempt);
    assertThat(store.findAttemptByProviderReference("xendit", "inv_1")).contains(attempt);
    assertThat(store.findAttemptByProviderReference("midtrans", "inv_1")).isEmpty();
    assertThat(store.currentAttempt("acct_other", s.session().id())).isEmpty();
    // a later transition without an attempt keeps the current one; a new attempt replaces it
    StoredSession reopened = moved(r.current(), CheckoutSessionStatus.OPEN, T0.plusSeconds(2));
    assertThat(store.currentAttempt(ACCT, s.session().id())).contains(attempt);
    PaymentAttempt second = StoreFixtures.attempt(s.session(), "midtrans", null, T0.plusSeconds(3));
    store.transition(StoreFixtures.startPayment(reopened, second, T0.plusSeconds(3)));
    assertThat(store.currentAttempt(ACCT, s.session().id())).contains(second);
    assertThat(store.findAttempt(attempt.id())).contains(attempt);
  }

  @Test
  void anAttemptOfALostTransitionIsNotStored() {
    StoredSession s = created(T0);
    moved(s, CheckoutSessionStatus.CANCELED, T0.plusSeconds(1));
    PaymentAttempt attempt = StoreFixtures.attempt(s.session(), "xendit", "inv_lost", T0.plusSeconds(2));
    assertThat(store.transition(StoreFixtures.startPayment(s, attempt, T0.plusSeconds(2))).applied()).isFalse();
    assertThat(store.findAttempt(attempt.id())).isEmpty();
    assertThat(store.currentAttempt(ACCT, s.session().id())).isEmpty();
  }

  @Test
  void attemptsToReconcileAreThoseOfSessionsAwaitingTheirProviderOldestFirst() {
    StoredSession a = created(T0);
    StoredSession b = created(T0);
    StoredSession c = created(T0);
    PaymentAttempt late = StoreFixtures.attempt(a.session(), "xendit", "inv_a", T0.plusSeconds(20));
    PaymentAttempt early = StoreFixtures.attempt(b.session(), "xendit", "inv_b", T0.plusSeconds(10));
    PaymentAttempt done = StoreFixtures.attempt(c.session(), "xendit", "inv_c", T0.plusSeconds(5));
    store.transition(StoreFixtures.startPayment(a, late, T0.plusSeconds(20)));
    StoredSession bPending = store.transition(StoreFixtures.startPayment(b, early, T0.plusSeconds(10))).current();
    StoredSession cPending = store.transition(StoreFixtures.startPayment(c, done, T0.plusSeconds(5))).current();
    moved(cPending, CheckoutSessionStatus.COMPLETED, T0.plusSeconds(30));
    moved(bPending, CheckoutSessionStatus.PENDING_REVIEW, T0.plusSeconds(31));
    assertThat(store.findAttemptsToReconcile(10)).containsExactly(early, late);
    assertThat(store.findAttemptsToReconcile(1)).containsExactly(early);
  }

  @Test
  void unmatchedPaymentsAreKeptInArrivalOrder() {
    UnmatchedPayment first = new UnmatchedPayment("xendit", "inv_x", null, ProviderOutcome.PAID, 150_000_00L, T0);
    UnmatchedPayment second = new UnmatchedPayment("midtrans", null, "pa_unknown", ProviderOutcome.FAILED, null,
        T0.plusSeconds(1));
    store.recordUnmatched(first);
    store.recordUnmatched(second);
    assertThat(store.unmatchedPayments(10)).containsExactly(first, second);
    assertThat(store.unmatchedPayments(1)).containsExactly(first);
  }
}
