package com.forjio.plugipay.engine.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * A JMH profiler that reports, after a fork's last measured iteration, how much of the forked JVM's
 * anonymous memory (its heap, mostly) the kernel backs with transparent 2 MB pages:
 * {@code thp.anonymous} and {@code thp.hugePages}, in MB, from {@code /proc/self/smaps_rollup}.
 * {@code -XX:+UseTransparentHugePages} only asks for them; the kernel grants them where it finds
 * free 2 MB blocks, so a run on 2 MB pages says how many it got. Reports nothing where the file does
 * not exist (not Linux, or an old kernel).
 *
 * <p>It reads the file once, when nothing timed follows in the fork: the kernel builds it by walking
 * the process's page tables, which on 4 KB pages cover a 6 GB heap with 1.5 million entries, and
 * the walk leaves the caches and the address translation cold for whatever runs next. Read after
 * every iteration, as a first version did, it made the single shots of {@code ScalingBenchmark}
 * (250 calls, a millisecond or so) that came after it a third to a half slower on 4 KB pages
 * (confirm 2.24 and 4.13 us at 10^4 and 10^6 sessions, without it 1.69 and 2.98 us; its map
 * baseline 1.38 and 2.73 us against 0.89 and 1.95 us; 2026-11-26, sixth session). With forks, the
 * figures are the largest of the forks' (the JSON's raw data holds each fork's).
 *
 * <p>Use: {@code -prof com.forjio.plugipay.engine.benchmarks.HugePagesProfiler -prof gc}, in that
 * order ({@code run.sh --full} does): JMH stops profilers in the reverse of their order, so the
 * allocation profiler has stopped counting before this one reads the file, whose reading allocates
 * some 30 KB; listed after {@code gc}, that would be counted in the iteration's bytes/op (120 B/op
 * more in a shot of 250 confirms). {@link ResultsTable} prints the share under the table.
 */
public final class HugePagesProfiler implements InternalProfiler {
  static final String ANONYMOUS = "thp.anonymous";
  static final String HUGE_PAGES = "thp.hugePages";
  private static final Path ROLLUP = Path.of("/proc/self/smaps_rollup");
  /** Measured iterations this fork has finished; JMH keeps one instance per fork. */
  private int measured;

  @Override
  public String getDescription() {
    return "the forked JVM's anonymous memory, and how much of it is on transparent huge pages";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {}

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    if (iterationParams.getType() != IterationType.MEASUREMENT
        || ++measured < iterationParams.getCount()) {
      return List.of();
    }
    long anonymousKb = -1;
    long hugeKb = -1;
    try {
      for (String line : Files.readAllLines(ROLLUP)) {
        if (line.startsWith("Anonymous:")) {
          anonymousKb = kilobytes(line);
        } else if (line.startsWith("AnonHugePages:")) {
          hugeKb = kilobytes(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    if (anonymousKb < 0 || hugeKb < 0) {
      return List.of();
    }
    return List.of(
        // one figure a fork: JMH averages a result over all of a fork's iterations, counting those
        // that did not report it as zero, so the largest is the figure reported
        new ScalarResult(ANONYMOUS, anonymousKb / 1024.0, "MB", AggregationPolicy.MAX),
        new ScalarResult(HUGE_PAGES, hugeKb / 1024.0, "MB", AggregationPolicy.MAX));
  }

  /** The number of a line such as {@code AnonHugePages:   6291456 kB}. */
  static long kilobytes(String line) {
    String[] parts = line.trim().split("\\s+");
    return parts.length >= 2 ? Long.parseLong(parts[1]) : -1;
  }
}
