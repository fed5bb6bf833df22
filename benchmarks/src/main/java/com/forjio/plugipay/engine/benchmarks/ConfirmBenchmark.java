package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code confirm} (an open manual session to completed, with its event) against its floor, replacing
 * the record in a bare map by its completed copy.
 *
 * <p>Every confirm consumes an open session, so each invocation is a batch of {@link #BATCH}
 * confirms timed as one shot, and the sessions for every batch of the trial are created before the
 * first one is timed (and their events delivered). So neither the time nor the allocation that
 * {@code -prof gc} attributes to an iteration includes creating what it confirms: the table divides
 * both by the batch size. The two-thread variants confirm from one shared store.
 *
 * <p>A shot lasts a few milliseconds, so ten warm-up shots are too short for the JIT to finish
 * compiling either path: shots were still getting faster through the measured ones (the engine's
 * from 16 to 5 ms, the map's from 15 to 4 ms), so the ratio depended on how many shots a run
 * measured. The setup therefore first runs the measured path {@link #WARM_UP} times on a store (or
 * a map) of its own, which it then drops ({@link Fixtures#warmUp}), so the measured store
 * holds only the sessions the trial confirms; then it collects, so both sides' records are old
 * objects, as a store's are after minutes, and no shot inherits the setup's garbage.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ConfirmBenchmark -prof gc}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, batchSize = ConfirmBenchmark.BATCH)
@Measurement(iterations = 20, batchSize = ConfirmBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = {"-XX:+AlwaysPreTouch", "-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class ConfirmBenchmark {
  static final int BATCH = 10_000;
  /** Confirms (or map replaces) run before the trial, on a throwaway store, to compile the path. */
  static final int WARM_UP = 100_000;

  private InMemorySessionStore store;
  private PlugipayEngine engine;
  private String[] ids;
  private ConcurrentHashMap<String, CheckoutSession> map;
  private String[] mapIds;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger mapNext = new AtomicInteger();

  /** Creates one batch of open sessions (and of bare records) for every iteration of the trial. */
  @Setup(Level.Trial)
  public void prepare(BenchmarkParams params) throws InterruptedException {
    int total = params.getThreads() * Fixtures.callsPerThread(params);
    Fixtures.warmUp(params, WARM_UP);
    store = new InMemorySessionStore();
    engine = Fixtures.engine(store);
    map = new ConcurrentHashMap<>(total * 2);
    ids = new String[total];
    mapIds = new String[total];
    for (int i = 0; i < total; i++) {
      ids[i] = engine.checkoutSessions()
          .create(Fixtures.PARAMS, RequestOptions.idempotencyKey("c" + i)).id();
      CheckoutSession bare = Fixtures.bareRecord();
      map.put(bare.id(), bare);
      mapIds[i] = bare.id();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (store.pendingEventCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    if (store.pendingEventCount() > 0) {
      throw new IllegalStateException("created events were not delivered: " + store);
    }
    System.gc(); // the warm-up's garbage goes now, not in a shot; what is stored becomes old
  }

  @TearDown(Level.Trial)
  public void close() {
    engine.close();
  }

  @Benchmark
  public CheckoutSession confirm() {
    return engine.checkoutSessions().confirm(ids[next.getAndIncrement()]);
  }

  @Benchmark
  public CheckoutSession confirm_baseline() {
    return Fixtures.complete(map, mapIds[mapNext.getAndIncrement()]);
  }

  @Benchmark
  @Threads(2)
  public CheckoutSession confirm_2threads() {
    return confirm();
  }

  @Benchmark
  @Threads(2)
  public CheckoutSession confirm_2threads_baseline() {
    return confirm_baseline();
  }
}
