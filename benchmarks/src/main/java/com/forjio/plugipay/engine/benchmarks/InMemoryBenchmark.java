package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The in-memory hot path beside its floor, a bare {@link ConcurrentHashMap}, in one run:
 * {@code create} (validation, id and token, fingerprint, idempotency record, created event) against a
 * map insert of an equivalent record with a random id; {@code get} against a map read. Each iteration
 * starts from an empty store so the heap does not grow without bound. Confirm lives in
 * {@link ConfirmBenchmark}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar InMemoryBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+AlwaysPreTouch", "-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class InMemoryBenchmark {
  private PlugipayEngine engine;
  private ConcurrentHashMap<String, CheckoutSession> map;
  private final AtomicLong keys = new AtomicLong();
  private String existingId;
  private String mapExistingId;

  @Setup(Level.Iteration)
  public void setUp() {
    engine = Fixtures.engine(new InMemorySessionStore());
    map = new ConcurrentHashMap<>();
    existingId = engine.checkoutSessions().create(Fixtures.PARAMS).id();
    CheckoutSession bare = Fixtures.bareRecord();
    map.put(bare.id(), bare);
    mapExistingId = bare.id();
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    engine.close();
  }

  @Benchmark
  public CheckoutSession create() {
    return engine.checkoutSessions().create(Fixtures.PARAMS,
        RequestOptions.idempotencyKey("k" + keys.incrementAndGet()));
  }

  @Benchmark
  @Threads(2)
  public CheckoutSession create_2threads() {
    return create();
  }

  @Benchmark
  public CheckoutSession create_baseline() {
    CheckoutSession s = Fixtures.bareRecord();
    map.put(s.id(), s);
    return s;
  }

  @Benchmark
  @Threads(2)
  public CheckoutSession create_2threads_baseline() {
    return create_baseline();
  }

  @Benchmark
  public CheckoutSession get() {
    return engine.checkoutSessions().get(existingId);
  }

  @Benchmark
  public CheckoutSession get_baseline() {
    return map.get(mapExistingId);
  }

  @Benchmark
  @Threads(2)
  public CheckoutSession get_2threads() {
    return get();
  }

  @Benchmark
  @Threads(2)
  public CheckoutSession get_2threads_baseline() {
    return get_baseline();
  }
}
