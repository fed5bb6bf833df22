package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code confirm} (an open manual session to completed, with its event) against its floor, replacing
 * the record in a bare map by its completed copy. Every confirm needs an open session, so each
 * iteration prepares {@link #BATCH} of them and measures one batch (single-shot time per batch: the
 * ratio of the two scores is the ratio per operation).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ConfirmBenchmark -prof gc}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, batchSize = ConfirmBenchmark.BATCH)
@Measurement(iterations = 20, batchSize = ConfirmBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class ConfirmBenchmark {
  static final int BATCH = 5_000;

  private PlugipayEngine engine;
  private String[] ids;
  private ConcurrentHashMap<String, CheckoutSession> map;
  private String[] mapIds;
  private int next;
  private int mapNext;

  @Setup(Level.Iteration)
  public void prepare() {
    engine = Fixtures.engine(new InMemorySessionStore());
    map = new ConcurrentHashMap<>();
    ids = new String[BATCH];
    mapIds = new String[BATCH];
    for (int i = 0; i < BATCH; i++) {
      ids[i] = engine.checkoutSessions().create(Fixtures.PARAMS, RequestOptions.idempotencyKey("c" + i)).id();
      CheckoutSession bare = Fixtures.bareRecord();
      map.put(bare.id(), bare);
      mapIds[i] = bare.id();
    }
    next = 0;
    mapNext = 0;
  }

  @TearDown(Level.Iteration)
  public void close() {
    engine.close();
  }

  @Benchmark
  public CheckoutSession confirm() {
    return engine.checkoutSessions().confirm(ids[next++]);
  }

  @Benchmark
  public CheckoutSession confirm_baseline() {
    Instant now = Instant.now();
    return map.computeIfPresent(mapIds[mapNext++],
        (id, s) -> s.withTransition(CheckoutSessionStatus.COMPLETED, "manual", now, now));
  }
}
