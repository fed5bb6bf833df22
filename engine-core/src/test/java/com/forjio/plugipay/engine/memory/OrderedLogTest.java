package com.forjio.plugipay.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** {@link OrderedLog}: a sorted list to one thread, a consistent walk to many. */
class OrderedLogTest {
  private static final Comparator<Object> NUMERIC = Comparator.comparingLong(o -> (Long) o);

  @Property(tries = 200)
  void keepsItsElementsSortedAndWalksFromAnyPoint(
      @ForAll("nearlySorted") List<Long> arrivals, @ForAll("probes") List<Long> probes) {
    OrderedLog<Long> log = new OrderedLog<>(NUMERIC);
    List<Long> model = new ArrayList<>();
    for (Long x : arrivals) {
      log.add(x);
      model.add(x);
    }
    Collections.sort(model);
    assertThat(log.size()).isEqualTo(model.size());
    assertThat(walk(log, null, true, true, 3)).isEqualTo(model);
    List<Long> reversed = new ArrayList<>(model);
    Collections.reverse(reversed);
    assertThat(walk(log, null, true, false, 7)).isEqualTo(reversed);
    for (Long p : probes) {
      assertThat(walk(log, p, true, true, 5)).isEqualTo(model.stream().filter(x -> x >= p).toList());
      assertThat(walk(log, p, false, true, 2)).isEqualTo(model.stream().filter(x -> x > p).toList());
      assertThat(walk(log, p, true, false, 4))
          .isEqualTo(reversed.stream().filter(x -> x <= p).toList());
      assertThat(walk(log, p, false, false, 1))
          .isEqualTo(reversed.stream().filter(x -> x < p).toList());
    }
  }

  /**
   * Rising values with local disorder, steps back and runs of one time, as sessions arrive from racing threads; distinct, as the
   * store's are (the id breaks ties of creation time): equal times differ in their low bits.
   */
  @Provide
  Arbitrary<List<Long>> nearlySorted() {
    Arbitrary<Integer> steps = Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.integers().between(-3, 20)), // racing threads
        Tuple.of(1, Arbitraries.integers().between(-5000, -40)), // a clock stepped back
        Tuple.of(2, Arbitraries.just(0))); // one clock tick
    return steps.list().ofMaxSize(6000).map(list -> {
      List<Long> out = new ArrayList<>(list.size());
      long at = 0;
      for (int step : list) {
        at += step;
        out.add(at * 8192 + (out.size() * 4099) % 8192); // in one tick, by "id": at random
      }
      return out;
    });
  }

  @Provide
  Arbitrary<List<Long>> probes() {
    return Arbitraries.longs().between(-50 * 8192, 60_000 * 8192).list().ofMaxSize(6);
  }

  /** Every element from {@code from} on, window by window, each window resuming after the last. */
  private static List<Long> walk(OrderedLog<Long> log, Long from, boolean inclusive,
      boolean ascending, int windowSize) {
    List<Long> out = new ArrayList<>();
    Object[] window = new Object[windowSize];
    Object at = from;
    boolean incl = inclusive;
    for (;;) {
      int n = ascending ? log.ascending(at, incl, window) : log.descending(at, incl, window);
      for (int i = 0; i < n; i++) {
        out.add((Long) window[i]);
      }
      if (n < window.length) {
        return out;
      }
      at = window[n - 1];
      incl = false;
    }
  }

  @Test
  void aWalkDuringInsertsSeesEveryEarlierElementOnceAndInOrder() throws Exception {
    OrderedLog<Long> log = new OrderedLog<>(NUMERIC);
    for (long i = 0; i < 20_000; i += 2) {
      log.add(i); // the even numbers are there before the walks start
    }
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> {
        for (long i = 1; i < 20_000 && !stop.get(); i += 2) {
          log.add(i); // odd numbers land among them, shifting the tail
        }
        for (long i = 20_000; i < 300_000 && !stop.get(); i++) {
          log.add(i);
        }
      });
      for (int round = 0; round < 20; round++) {
        List<Long> seen = walk(log, null, true, round % 2 == 0, 97);
        Long[] sorted = seen.toArray(new Long[0]);
        Long[] expected = sorted.clone();
        Arrays.sort(expected, round % 2 == 0 ? Comparator.naturalOrder() : Comparator.reverseOrder());
        assertThat(sorted).isEqualTo(expected); // in order, and strictly: no repeats
        assertThat(seen).doesNotHaveDuplicates();
        for (long even = 0; even < 20_000; even += 2) {
          assertThat(Collections.binarySearch(seen, even,
              round % 2 == 0 ? Comparator.naturalOrder() : Comparator.reverseOrder()))
              .as("even %s in round %s", even, round).isGreaterThanOrEqualTo(0);
        }
      }
      stop.set(true);
      writer.get(10, TimeUnit.SECONDS);
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }
}
