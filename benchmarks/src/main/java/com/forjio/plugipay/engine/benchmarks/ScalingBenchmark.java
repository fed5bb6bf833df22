package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionListParams;
import com.forjio.plugipay.engine.Page;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Does the in-memory engine stay flat as it fills? create, get and one list page with
 * {@code stored} sessions already in the store (the target: within 1.5x from 10^4 to 10^6).
 *
 * <p>{@code get} reads the same number of distinct sessions ({@link #READ_SET}, spread evenly over
 * the store) at every size, so what grows is the store, not the set of sessions being read: a
 * round-robin over all 10^6 would measure the memory hierarchy (every read a cache miss) rather
 * than the store. It reads them in a fixed random order: in creation order the whole small store
 * would be read sequentially, which the hardware prefetcher streams and a spread-out read set does
 * not get. {@code get_baseline} reads a bare map of as many records the same way, the floor at each
 * size.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScalingBenchmark -p stored=10000,1000000}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@State(Scope.Benchmark)
public class ScalingBenchmark {
  @Param({"10000", "1000000"})
  public int stored;

  /** How many distinct sessions {@code get} cycles through, at every size. */
  static final int READ_SET = 10_000;

  private PlugipayEngine engine;
  private String[] ids;
  private java.util.concurrent.ConcurrentHashMap<String, CheckoutSession> map;
  private String[] mapIds;
  private int mapCursor;
  private final AtomicLong keys = new AtomicLong();
  private int cursor;

  @Setup(Level.Trial)
  public void fill() {
    engine = Fixtures.engine(new InMemorySessionStore());
    map = new java.util.concurrent.ConcurrentHashMap<>();
    ids = new String[Math.min(stored, READ_SET)];
    mapIds = new String[ids.length];
    int every = stored / ids.length;
    for (int i = 0; i < stored; i++) {
      String id = engine.checkoutSessions().create(Fixtures.PARAMS, RequestOptions.idempotencyKey("p" + i)).id();
      CheckoutSession bare = Fixtures.bareRecord();
      map.put(bare.id(), bare);
      if (i % every == 0 && i / every < ids.length) {
        ids[i / every] = id;
        mapIds[i / every] = bare.id();
      }
    }
    // read in a random order: in creation order the small store would be read sequentially,
    // which the hardware prefetcher streams, and the comparison would measure that instead
    shuffle(ids, new java.util.Random(42));
    shuffle(mapIds, new java.util.Random(42));
  }

  private static void shuffle(String[] a, java.util.Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    engine.close();
  }

  @Benchmark
  public CheckoutSession create() {
    return engine.checkoutSessions().create(Fixtures.PARAMS, RequestOptions.idempotencyKey("n" + keys.incrementAndGet()));
  }

  @Benchmark
  public CheckoutSession get() {
    cursor = cursor + 1 == ids.length ? 0 : cursor + 1;
    return engine.checkoutSessions().get(ids[cursor]);
  }

  @Benchmark
  public CheckoutSession get_baseline() {
    mapCursor = mapCursor + 1 == mapIds.length ? 0 : mapCursor + 1;
    return map.get(mapIds[mapCursor]);
  }

  @Benchmark
  public Page<CheckoutSession> listPage() {
    return engine.checkoutSessions().list(CheckoutSessionListParams.builder().limit(50).build());
  }
}
