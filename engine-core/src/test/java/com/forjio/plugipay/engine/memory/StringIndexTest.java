package com.forjio.plugipay.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import org.junit.jupiter.api.Test;

/** {@link StringIndex}: a {@link HashMap} to one thread, consistent to many. */
class StringIndexTest {

  @Property(tries = 200)
  void agreesWithAHashMap(@ForAll("operations") List<Tuple3<Integer, String, Integer>> ops) {
    StringIndex<String> index = new StringIndex<>();
    Map<String, String> model = new HashMap<>();
    for (Tuple3<Integer, String, Integer> op : ops) {
      String key = op.get2();
      String value = "v" + op.get3();
      switch (op.get1()) {
        case 0 -> {
          index.put(key, value);
          model.put(key, value);
        }
        case 1 -> assertThat(index.putIfAbsent(key, value)).isEqualTo(model.putIfAbsent(key, value));
        case 2 -> {
          String current = model.get(key);
          boolean removed = current != null && index.remove(key, index.get(key));
          assertThat(removed).isEqualTo(current != null);
          model.remove(key);
        }
        default -> {
          String held = index.compute(key, value, (existing, v) -> existing == null ? v : existing);
          model.putIfAbsent(key, value);
          assertThat(held).isEqualTo(model.get(key));
        }
      }
      assertThat(index.size()).isEqualTo(model.size());
    }
    for (int i = 0; i < 500; i++) {
      assertThat(index.get("k" + i)).isEqualTo(model.get("k" + i));
    }
    // removing by value only removes the value still held
    model.forEach((k, v) -> assertThat(index.remove(k, "not " + v)).isFalse());
  }

  @Provide
  Arbitrary<List<Tuple3<Integer, String, Integer>>> operations() {
    return Arbitraries.integers().between(0, 3)
        .flatMap(op -> Arbitraries.integers().between(0, 499).map(i -> "k" + i)
            .flatMap(key -> Arbitraries.integers().between(0, 9).map(v -> Tuple.of(op, key, v))))
        .list().ofMaxSize(3_000);
  }

  @Test
  void aKeyThatReadsLikeTheTombstoneIsStillAKey() {
    StringIndex<String> index = new StringIndex<>();
    String key = "<removed>";
    index.put(key, "first");
    assertThat(index.remove(key, "first")).isTrue();
    assertThat(index.get(key)).isNull();
    assertThat(index.putIfAbsent(key, "second")).isNull();
    assertThat(index.get(key)).isEqualTo("second");
    assertThat(index.compute(key, "third", (existing, v) -> existing)).isEqualTo("second");
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void removeIfRemovesWhatMatchesUpToTheLimit() {
    StringIndex<Integer> index = new StringIndex<>();
    for (int i = 0; i < 1_000; i++) {
      index.put("k" + i, i);
    }
    assertThat(index.removeIf((v, max) -> v < max, 300, 100)).isEqualTo(100);
    assertThat(index.removeIf((v, max) -> v < max, 300, 1_000)).isEqualTo(200);
    assertThat(index.size()).isEqualTo(700);
    for (int i = 0; i < 1_000; i++) {
      assertThat(index.get("k" + i)).isEqualTo(i < 300 ? null : i);
    }
  }

  @Test
  void readersNeverSeeAWrongValueAndSeeEveryCompletedWrite() throws Exception {
    StringIndex<String> index = new StringIndex<>();
    int perWriter = 100_000;
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger wrong = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            String key = "w" + writer + ":" + i;
            index.put(key, key.toUpperCase());
            if (!key.toUpperCase().equals(index.get(key))) {
              wrong.incrementAndGet(); // a writer must read its own completed write
            }
          }
        }));
      }
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
          while (!done.get()) {
            String key = "w" + random.nextInt(2) + ":" + random.nextInt(perWriter);
            String v = index.get(key);
            if (v != null && !v.equals(key.toUpperCase())) {
              wrong.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : writers) {
        f.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      for (Future<?> f : readers) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(wrong).hasValue(0);
    assertThat(index.size()).isEqualTo(2 * perWriter);
    for (int w = 0; w < 2; w++) {
      for (int i = 0; i < perWriter; i++) {
        assertThat(index.get("w" + w + ":" + i)).isEqualTo(("w" + w + ":" + i).toUpperCase());
      }
    }
  }

  @Test
  void racingComputesOnOneKeyHaveOneWinner() throws Exception {
    StringIndex<String> index = new StringIndex<>();
    for (int round = 0; round < 200; round++) {
      String key = "key" + round;
      int threads = 4;
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger created = new AtomicInteger();
      List<Thread> racers = new ArrayList<>();
      List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < threads; t++) {
        String mine = "t" + t;
        Thread th = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          seen.add(index.compute(key, mine, (existing, v) -> {
            if (existing != null) {
              return existing;
            }
            created.incrementAndGet();
            return v;
          }));
        });
        th.start();
        racers.add(th);
      }
      start.countDown();
      for (Thread th : racers) {
        th.join(10_000);
      }
      assertThat(created).hasValue(1);
      assertThat(seen).hasSize(threads).containsOnly(index.get(key));
    }
  }
}
