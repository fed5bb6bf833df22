package com.forjio.plugipay.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.spi.StoreFixtures;
import com.forjio.plugipay.engine.spi.StoredSession;
import com.forjio.plugipay.engine.spi.TransitionResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/**
 * The in-memory expiry index (buckets by second, sorted when due, pruned by the sweep) against a
 * model that sorts every open session by {@code (expiresAt, id)} on each sweep: sessions created in
 * any order, many in one second, leaving open and reopening, swept in small batches as time moves.
 */
class ExpiryIndexProperties {
  private static final Instant T0 = StoreFixtures.T0;
  private static final Comparator<StoredSession> EARLIEST =
      Comparator.comparing((StoredSession s) -> s.session().expiresAt())
          .thenComparing(s -> s.session().id());

  @Property(tries = 300)
  void sweepsReturnTheEarliestDueOpenSessions(
      @ForAll("operations") List<Tuple3<Integer, Integer, Integer>> ops) {
    InMemorySessionStore store = new InMemorySessionStore();
    Map<String, StoredSession> model = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    Instant now = T0;
    for (Tuple3<Integer, Integer, Integer> op : ops) {
      int a = op.get2();
      int b = op.get3();
      switch (op.get1()) {
        case 0, 1 -> { // create, expiring within 40 s of T0, a few in each second
          Instant expires = T0.plusSeconds(1 + a % 40).plusMillis(b % 3 * 250);
          StoredSession s = StoreFixtures.open("acct_x", now, expires, null);
          store.create(StoreFixtures.create(s, "k" + ids.size(), "fp", now));
          model.put(s.session().id(), s);
          ids.add(s.session().id());
        }
        case 2 -> { // leave open, or come back to it
          if (ids.isEmpty()) {
            continue;
          }
          StoredSession s = model.get(ids.get(a % ids.size()));
          CheckoutSessionStatus to = switch (s.session().status()) {
            case OPEN -> b % 2 == 0 ? CheckoutSessionStatus.PENDING : CheckoutSessionStatus.COMPLETED;
            case PENDING -> CheckoutSessionStatus.OPEN;
            default -> null;
          };
          if (to != null) {
            model.put(s.session().id(), moved(store, s, to, now));
          }
        }
        default -> { // time moves on and a sweep expires some of what is due
          now = now.plusMillis(a % 4000);
          int limit = 1 + b % 6;
          Instant at = now;
          List<StoredSession> expected = model.values().stream()
              .filter(s -> s.session().status() == CheckoutSessionStatus.OPEN
                  && !s.session().expiresAt().isAfter(at))
              .sorted(EARLIEST).limit(limit).toList();
          List<StoredSession> due = store.findDueForExpiry(now, limit);
          assertThat(due).isEqualTo(expected);
          for (int i = 0; i < due.size(); i += 2) { // every other one expires
            StoredSession s = due.get(i);
            model.put(s.session().id(), moved(store, s, CheckoutSessionStatus.EXPIRED, now));
          }
        }
      }
    }
    Instant end = T0.plusSeconds(100);
    List<StoredSession> open = model.values().stream()
        .filter(s -> s.session().status() == CheckoutSessionStatus.OPEN).sorted(EARLIEST).toList();
    assertThat(store.findDueForExpiry(end, Integer.MAX_VALUE)).isEqualTo(open);
  }

  private static StoredSession moved(InMemorySessionStore store, StoredSession s,
      CheckoutSessionStatus to, Instant at) {
    TransitionResult r = store.transition(StoreFixtures.move(s, to, at));
    assertThat(r.applied()).isTrue();
    return r.current();
  }

  @Provide
  Arbitrary<List<Tuple3<Integer, Integer, Integer>>> operations() {
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
    Arbitrary<Integer> n = Arbitraries.integers().between(0, 1_000_000);
    return Combinators.combine(kind, n, n).as(Tuple::of).list().ofMaxSize(300);
  }
}
