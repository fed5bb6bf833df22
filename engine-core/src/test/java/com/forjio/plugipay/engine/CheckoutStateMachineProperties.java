package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.StoredSession;
import com.forjio.plugipay.engine.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The status machine as a jqwik stateful property: random chains of create (with a fresh key, with
 * a key used before — same or other parameters — and without a key), get, list walks, cancel,
 * confirm, clock steps and expiry sweeps run against a real engine and a small reference model. After
 * every step: statuses equal the model's, terminal sessions never change, each session's history has
 * exactly one event per applied transition (created first, at most one terminal event), keys never
 * map to two live sessions, and the store holds exactly the model's sessions.
 *
 * <p>Subclasses choose the store ({@link #newStore()}) and the number of tries
 * ({@code @PropertyDefaults(tries = ...)}); the in-memory run in CI uses 1,000.
 */
public abstract class CheckoutStateMachineProperties {
  private static final String ACCOUNT = "acct_default";
  private static final Duration KEY_RETENTION = Duration.ofHours(24);

  /** A fresh store with nothing in it, for one try. */
  protected abstract SessionStore newStore();

  /** Releases a store made by {@link #newStore()}. */
  protected void closeStore(SessionStore store) {
    store.close();
  }

  private final List<World> worlds = new ArrayList<>();

  @AfterTry
  void closeWorlds() {
    for (World w : worlds) {
      w.engine.close();
      closeStore(w.store);
    }
    worlds.clear();
  }

  @Property
  void theEngineBehavesLikeTheModel(@ForAll("chains") ActionChain<World> chain) {
    chain.withInvariant("engine agrees with the model", World::checkInvariants).run();
  }

  @Provide
  Arbitrary<ActionChain<World>> chains() {
    return ActionChain.<World>startWith(this::newWorld)
        .withAction(3, new CreateNew())
        .withAction(2, new CreateAgainWithKey())
        .withAction(2, new Get())
        .withAction(1, new ListAll())
        .withAction(2, new Cancel())
        .withAction(2, new Confirm())
        .withAction(2, new AdvanceClock())
        .withAction(1, new Sweep())
        .withMaxTransformations(30);
  }

  private World newWorld() {
    World w = new World(newStore());
    worlds.add(w);
    return w;
  }

  /** Three parameter sets; creates pick one, so derived keys and key reuse collide often. */
  private static final List<CheckoutSessionCreateParams> PARAMS = List.of(
      params(10_000, 60, "o_1"), params(25_000, 3_600, "o_2"), params(99_900, 600, "o_3"));

  private static CheckoutSessionCreateParams params(long amount, int expiresInSec, String order) {
    return CheckoutSessionCreateParams.builder().amount(amount).currency(Currency.IDR)
        .methods(CheckoutMethod.VA, CheckoutMethod.QRIS).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no").expiresInSec(expiresInSec)
        .metadata(Map.of("order_id", order)).build();
  }

  /** The model of one session. */
  static final class ModelSession {
    final String id;
    final Instant createdAt;
    final Instant expiresAt;
    CheckoutSessionStatus status = CheckoutSessionStatus.OPEN;
    CheckoutSessionStatus terminalSeen;

    ModelSession(String id, Instant createdAt, Instant expiresAt) {
      this.id = id;
      this.createdAt = createdAt;
      this.expiresAt = expiresAt;
    }

    /** The status a reader must see at {@code now}; expiry is folded in as it happens. */
    CheckoutSessionStatus at(Instant now) {
      if (status == CheckoutSessionStatus.OPEN && !now.isBefore(expiresAt)) {
        status = CheckoutSessionStatus.EXPIRED;
      }
      return status;
    }
  }

  record KeyUse(String sessionId, int params, Instant createdAt) {}

  /** The engine under test and the model beside it. */
  final class World {
    final SessionStore store;
    final MutableClock clock = MutableClock.startingAtEpochOfTests();
    final PlugipayEngine engine;
    final Map<String, ModelSession> sessions = new LinkedHashMap<>();
    final Map<String, KeyUse> keys = new HashMap<>();
    final Map<Integer, String> derived = new HashMap<>();
    int nextKey;

    World(SessionStore store) {
      this.store = store;
      this.engine = PlugipayEngine.builder().store(store).clock(clock)
          .expirySweepInterval(Duration.ZERO).build();
    }

    CheckoutSessions cs() {
      return engine.checkoutSessions();
    }

    Instant now() {
      return clock.instant();
    }

    ModelSession record(CheckoutSession s) {
      assertThat(sessions).doesNotContainKey(s.id());
      assertThat(s.status()).isEqualTo(CheckoutSessionStatus.OPEN);
      ModelSession m = new ModelSession(s.id(), s.createdAt(), s.expiresAt());
      sessions.put(s.id(), m);
      return m;
    }

    boolean active(String id) {
      CheckoutSessionStatus s = sessions.get(id).at(now());
      return !s.isTerminal();
    }

    void checkInvariants() {
      Instant now = now();
      for (ModelSession m : sessions.values()) {
        StoredSession stored = store.find(ACCOUNT, m.id).orElseThrow(
            () -> new AssertionError("session " + m.id + " vanished from the store"));
        CheckoutSessionStatus expected = m.at(now);
        CheckoutSessionStatus actual = stored.session().status();
        if (expected == CheckoutSessionStatus.EXPIRED && actual == CheckoutSessionStatus.OPEN) {
          assertThat(stored.session().expiresAt()).as("open in the store only while due")
              .isBeforeOrEqualTo(now);
        } else {
          assertThat(actual).as("status of %s", m.id).isEqualTo(expected);
        }
        if (actual.isTerminal()) {
          if (m.terminalSeen != null) {
            assertThat(actual).as("a terminal session never changes").isEqualTo(m.terminalSeen);
          }
          m.terminalSeen = actual;
        }
        List<CheckoutSessionEvent> history = store.events(ACCOUNT, m.id);
        assertThat(history).as("one event per transition of %s", m.id)
            .hasSize((int) stored.version());
        assertThat(history.get(0).type()).isEqualTo(CheckoutSessionEvent.TYPE_CREATED);
        assertThat(history.stream().filter(e -> e.session().status().isTerminal()).count())
            .as("terminal events of %s", m.id).isLessThanOrEqualTo(1);
        assertThat(history.get(history.size() - 1).session()).isEqualTo(stored.session());
      }
      Set<String> live = new HashSet<>();
      for (KeyUse k : keys.values()) {
        if (now.isBefore(k.createdAt.plus(KEY_RETENTION))) {
          assertThat(live.add(k.sessionId)).as("one key, one session").isTrue();
        }
      }
    }
  }

  // ---------------------------------------------------------------------- actions

  /** A create with a fresh explicit key, or without any key (derived from the parameters). */
  static final class CreateNew implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      return Arbitraries.integers().between(0, PARAMS.size() - 1).flatMap(p ->
          Arbitraries.of(true, false).map(withKey -> Transformer.mutate(
              (withKey ? "create with a new key, params " : "create without key, params ") + p,
              w -> {
                if (withKey) {
                  String key = "key-" + w.nextKey++;
                  CheckoutSession s = w.cs().create(PARAMS.get(p), RequestOptions.idempotencyKey(key));
                  w.record(s);
                  w.keys.put(key, new KeyUse(s.id(), p, w.now()));
                } else {
                  String previous = w.derived.get(p);
                  CheckoutSession s = w.cs().create(PARAMS.get(p));
                  if (previous != null && w.active(previous)) {
                    assertThat(s.id()).as("a double click gets the same session").isEqualTo(previous);
                    assertThat(s.status()).isEqualTo(w.sessions.get(previous).at(w.now()));
                  } else {
                    w.record(s);
                    w.derived.put(p, s.id());
                  }
                }
              })));
    }
  }

  /** A create with a key used before: same parameters replay, others mismatch (within retention). */
  static final class CreateAgainWithKey implements Action.Dependent<World> {
    @Override
    public boolean precondition(World w) {
      return !w.keys.isEmpty();
    }

    @Override
    public Arbitrary<Transformer<World>> transformer(World w) {
      List<String> keys = new ArrayList<>(w.keys.keySet());
      return Arbitraries.of(keys).flatMap(key -> Arbitraries.integers().between(0, PARAMS.size() - 1)
          .map(p -> Transformer.mutate("create again with " + key + ", params " + p, world -> {
            KeyUse use = world.keys.get(key);
            boolean retained = world.now().isBefore(use.createdAt().plus(KEY_RETENTION));
            if (!retained) {
              CheckoutSession s = world.cs().create(PARAMS.get(p), RequestOptions.idempotencyKey(key));
              world.record(s);
              world.keys.put(key, new KeyUse(s.id(), p, world.now()));
            } else if (use.params() == p) {
              CheckoutSession s = world.cs().create(PARAMS.get(p), RequestOptions.idempotencyKey(key));
              assertThat(s.id()).isEqualTo(use.sessionId());
              assertThat(s.status()).isEqualTo(world.sessions.get(s.id()).at(world.now()));
            } else {
              assertThatThrownBy(() -> world.cs().create(PARAMS.get(p), RequestOptions.idempotencyKey(key)))
                  .isInstanceOfSatisfying(PlugipayException.class,
                      e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_MISMATCH));
            }
          })));
    }
  }

  /** get of a known id (or of an unknown one). */
  static final class Get implements Action.Dependent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer(World w) {
      List<String> ids = new ArrayList<>(w.sessions.keySet());
      ids.add("cs_00000000000000000000000000");
      return Arbitraries.of(ids).map(id -> Transformer.mutate("get " + id, world -> {
        ModelSession m = world.sessions.get(id);
        if (m == null) {
          assertThatThrownBy(() -> world.cs().get(id)).isInstanceOfSatisfying(
              PlugipayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        } else {
          assertThat(world.cs().get(id).status()).isEqualTo(m.at(world.now()));
        }
      }));
    }
  }

  /** Walks every page of a list, optionally filtered by status, with a small page size. */
  static final class ListAll implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      Arbitrary<CheckoutSessionStatus> filter = Arbitraries.of(CheckoutSessionStatus.OPEN,
          CheckoutSessionStatus.COMPLETED, CheckoutSessionStatus.EXPIRED,
          CheckoutSessionStatus.CANCELED).injectNull(0.4);
      return filter.flatMap(status -> Arbitraries.integers().between(1, 4).map(limit ->
          Transformer.mutate("list status=" + status + " limit=" + limit, w -> {
            List<CheckoutSession> seen = new ArrayList<>();
            String cursor = null;
            do {
              Page<CheckoutSession> page = w.cs().list(CheckoutSessionListParams.builder()
                  .status(status).limit(limit).cursor(cursor).build());
              assertThat(page.data().size()).isLessThanOrEqualTo(limit);
              assertThat(page.hasMore()).isEqualTo(page.cursor() != null);
              seen.addAll(page.data());
              cursor = page.cursor();
            } while (cursor != null);
            Instant now = w.now();
            List<String> expected = w.sessions.values().stream()
                .filter(m -> status == null || m.at(now) == status)
                .sorted(Comparator.comparing((ModelSession m) -> m.createdAt)
                    .thenComparing(m -> m.id).reversed())
                .map(m -> m.id).toList();
            assertThat(seen).extracting(CheckoutSession::id).containsExactlyElementsOf(expected);
            assertThat(seen).allSatisfy(s -> {
              assertThat(s.status()).isEqualTo(w.sessions.get(s.id()).at(now));
              if (s.status() == CheckoutSessionStatus.OPEN) {
                assertThat(s.expiresAt()).isAfter(now);
              }
            });
          })));
    }
  }

  private abstract static class Terminate implements Action.Dependent<World> {
    private final String name;
    private final CheckoutSessionStatus to;

    Terminate(String name, CheckoutSessionStatus to) {
      this.name = name;
      this.to = to;
    }

    abstract CheckoutSession apply(World w, String id);

    @Override
    public boolean precondition(World w) {
      return !w.sessions.isEmpty();
    }

    @Override
    public Arbitrary<Transformer<World>> transformer(World w) {
      return Arbitraries.of(new ArrayList<>(w.sessions.keySet())).map(id ->
          Transformer.mutate(name + " " + id, world -> {
            ModelSession m = world.sessions.get(id);
            if (m.at(world.now()).isTerminal()) {
              assertThatThrownBy(() -> apply(world, id)).isInstanceOfSatisfying(
                  PlugipayException.class,
                  e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT));
            } else {
              CheckoutSession s = apply(world, id);
              assertThat(s.status()).isEqualTo(to);
              m.status = to;
            }
          }));
    }
  }

  static final class Cancel extends Terminate {
    Cancel() {
      super("cancel", CheckoutSessionStatus.CANCELED);
    }

    @Override
    CheckoutSession apply(World w, String id) {
      return w.cs().cancel(id);
    }
  }

  static final class Confirm extends Terminate {
    Confirm() {
      super("confirm", CheckoutSessionStatus.COMPLETED);
    }

    @Override
    CheckoutSession apply(World w, String id) {
      CheckoutSession s = w.cs().confirm(id);
      assertThat(s.adapter()).isEqualTo("manual");
      assertThat(s.completedAt()).isEqualTo(w.now());
      return s;
    }
  }

  /** Moves time: a second, a minute, ten minutes, an hour, a day and a bit. */
  static final class AdvanceClock implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      return Arbitraries.of(Duration.ofSeconds(1), Duration.ofSeconds(59), Duration.ofMinutes(10),
              Duration.ofHours(1), Duration.ofHours(25))
          .map(d -> Transformer.mutate("advance " + d, w -> w.clock.advance(d)));
    }
  }

  /** The sweeper expires exactly the sessions stored open past their expiry. */
  static final class Sweep implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      return Arbitraries.just(Transformer.mutate("sweep", w -> {
        Instant now = w.now();
        long due = w.sessions.values().stream()
            .map(m -> w.store.find(ACCOUNT, m.id).orElseThrow().session())
            .filter(s -> s.status() == CheckoutSessionStatus.OPEN && !s.expiresAt().isAfter(now))
            .count();
        assertThat(w.engine.sweepExpired()).isEqualTo((int) due);
        assertThat(w.store.findDueForExpiry(now, 1000)).isEmpty();
      }));
    }
  }
}
