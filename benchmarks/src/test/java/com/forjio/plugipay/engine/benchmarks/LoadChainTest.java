package com.forjio.plugipay.engine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ScalingBenchmark#loadChain}: one cycle through every cache line of a store-sized array. */
class LoadChainTest {

  @Test
  void theChainVisitsEveryLineOnceBeforeItComesBack() {
    int[] chain = ScalingBenchmark.loadChain(1_000, new SplittableRandom(7));
    int lines = 1_000 * ScalingBenchmark.BYTES_PER_SESSION / 64;
    assertThat(chain).hasSize(lines * 16);
    BitSet seen = new BitSet();
    int at = 0;
    int sequential = 0;
    for (int step = 0; step < lines; step++) {
      assertThat(at % 16).isZero(); // one int per line
      assertThat(seen.get(at / 16)).as("line %d visited twice", at / 16).isFalse();
      seen.set(at / 16);
      if (chain[at] == at + 16) {
        sequential++;
      }
      at = chain[at];
    }
    assertThat(at).isZero();
    assertThat(seen.cardinality()).isEqualTo(lines);
    assertThat(sequential).as("steps to the next line: the prefetcher's case").isLessThan(lines / 100);
  }
}
