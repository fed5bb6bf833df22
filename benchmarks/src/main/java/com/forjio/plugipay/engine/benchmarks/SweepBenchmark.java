package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The expiry sweep's cost against the number of sessions due and the number stored: one sweep over
 * {@code due} expired sessions among {@code stored} live ones (the target: linear in due, flat in
 * stored).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SweepBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-XX:+AlwaysPreTouch", "-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class SweepBenchmark {
  @Param({"100", "1000"})
  public int due;

  @Param({"10000", "100000"})
  public int stored;

  private PlugipayEngine engine;
  private final MovableClock clock = new MovableClock();
  private int round;

  /** A clock the setup moves past the short sessions' expiry. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Setup(Level.Trial)
  public void fill() {
    engine = PlugipayEngine.builder().store(new InMemorySessionStore()).clock(clock)
        .expirySweepInterval(Duration.ZERO).build();
    CheckoutSessionCreateParams longLived = CheckoutSessionCreateParams.builder().amount(Fixtures.PARAMS.amount())
        .currency(Fixtures.PARAMS.currency()).methods(Fixtures.PARAMS.methods())
        .successUrl(Fixtures.PARAMS.successUrl()).cancelUrl(Fixtures.PARAMS.cancelUrl())
        .expiresInSec(2_592_000).build();
    for (int i = 0; i < stored; i++) {
      engine.checkoutSessions().create(longLived, RequestOptions.idempotencyKey("live" + i));
    }
  }

  @Setup(Level.Iteration)
  public void makeDue() {
    CheckoutSessionCreateParams shortLived = CheckoutSessionCreateParams.builder().amount(Fixtures.PARAMS.amount())
        .currency(Fixtures.PARAMS.currency()).methods(Fixtures.PARAMS.methods())
        .successUrl(Fixtures.PARAMS.successUrl()).cancelUrl(Fixtures.PARAMS.cancelUrl())
        .expiresInSec(60).build();
    round++;
    for (int i = 0; i < due; i++) {
      engine.checkoutSessions().create(shortLived, RequestOptions.idempotencyKey("due" + round + "-" + i));
    }
    clock.now = clock.now.plusSeconds(61);
  }

  @TearDown(Level.Trial)
  public void close() {
    engine.close();
  }

  @Benchmark
  public int sweep() {
    int expired = engine.sweepExpired();
    if (expired != due) {
      throw new IllegalStateException("expected " + due + " expired, got " + expired);
    }
    return expired;
  }
}
