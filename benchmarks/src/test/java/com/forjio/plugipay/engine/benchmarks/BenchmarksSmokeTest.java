package com.forjio.plugipay.engine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The CI-sized smoke run of every benchmark: tiny iterations in this JVM, failing if any benchmark
 * throws (a broken hot path, a baseline that no longer runs). Not a measurement: the figures live in
 * {@code benchmarks/README.md}, from {@code benchmarks/run.sh --full}.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRunsWithoutThrowing() throws RunnerException {
    // MariaDB-backed benchmarks run where a MariaDB is named (CI); elsewhere H2 stands in.
    boolean mariadb = System.getenv("PLUGIPAY_TEST_MARIADB_URL") != null
        || System.getenv("PLUGIPAY_BENCH_MARIADB_URL") != null;
    OptionsBuilder builder = new OptionsBuilder();
    builder.include("com\\.forjio\\.plugipay\\.engine\\.benchmarks\\..*");
    if (!mariadb) {
      builder.exclude("JoinedTransactionBenchmark");
      builder.exclude("SqlScalingBenchmark");
      builder.param("db", "h2");
    }
    Options options = builder
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .param("stored", "1000")
        .param("rows", "1000")
        .param("due", "100")
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    assertThat(results).hasSizeGreaterThanOrEqualTo(mariadb ? 20 : 15);
    assertThat(results).allSatisfy(r ->
        assertThat(r.getPrimaryResult().getScore()).as(r.getParams().getBenchmark()).isPositive());
  }
}
