package com.forjio.plugipay.engine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

/** {@link HugePagesProfiler} reads the kernel's file once a fork, after its last measured iteration. */
class HugePagesProfilerTest {

  private static IterationParams iterations(IterationType type, int count) {
    return new IterationParams(type, count, TimeValue.seconds(1), 1);
  }

  @Test
  void readsNothingBeforeTheLastMeasuredIteration() {
    HugePagesProfiler profiler = new HugePagesProfiler();
    IterationParams warmUp = iterations(IterationType.WARMUP, 2);
    IterationParams measurement = iterations(IterationType.MEASUREMENT, 3);

    assertThat(profiler.afterIteration(null, warmUp, null)).isEmpty();
    assertThat(profiler.afterIteration(null, warmUp, null)).isEmpty();
    assertThat(profiler.afterIteration(null, measurement, null)).isEmpty();
    assertThat(profiler.afterIteration(null, measurement, null)).isEmpty();
    List<? extends Result> last = List.copyOf(profiler.afterIteration(null, measurement, null));

    if (Files.isReadable(Path.of("/proc/self/smaps_rollup"))) { // Linux, as in CI
      assertThat(last).extracting(Result::getLabel)
          .containsExactly(HugePagesProfiler.ANONYMOUS, HugePagesProfiler.HUGE_PAGES);
      assertThat(last.get(0).getScore()).as("this JVM's anonymous memory, MB").isGreaterThan(1);
      assertThat(last.get(1).getScore()).isBetween(0.0, last.get(0).getScore());
    } else {
      assertThat(last).isEmpty();
    }
  }

  @Test
  void readsTheSizeOfALineOfTheFile() {
    assertThat(HugePagesProfiler.kilobytes("AnonHugePages:   6291456 kB")).isEqualTo(6_291_456);
    assertThat(HugePagesProfiler.kilobytes("Anonymous:")).isEqualTo(-1);
  }
}
