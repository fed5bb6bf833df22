package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.testing.MutableClock;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link MicrosecondClock#reached} answers what comparing with {@link MicrosecondClock#instant()} does. */
class MicrosecondClockProperties {
  @Property(tries = 2_000)
  void reachedIsNotAfterTheTruncatedInstant(@ForAll("instants") Instant now,
      @ForAll("offsets") long offsetNanos) {
    MicrosecondClock clock = new MicrosecondClock(new MutableClock(now));
    Instant t = now.plusNanos(offsetNanos);
    assertThat(clock.reached(t)).isEqualTo(!t.isAfter(clock.instant()));
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(-1_000_000_000L, 4_000_000_000L)
        .flatMap(s -> Arbitraries.integers().between(0, 999_999_999)
            .map(n -> Instant.ofEpochSecond(s, n)));
  }

  /**
   * Within a few microseconds of now (truncation decides), within a couple of milliseconds (the
   * clock's milliseconds decide, or send it to the exact instant), or seconds away.
   */
  @Provide
  Arbitrary<Long> offsets() {
    return Arbitraries.oneOf(Arbitraries.longs().between(-3_000, 3_000),
        Arbitraries.longs().between(-2_000_000, 2_000_000),
        Arbitraries.longs().between(-5_000_000_000L, 5_000_000_000L));
  }

  @Property(tries = 500)
  void reachedAgreesWithTheInstantOnMillisecondBoundaries(@ForAll("instants") Instant base,
      @ForAll("nearBoundary") long offsetNanos) {
    Instant now = Instant.ofEpochMilli(base.toEpochMilli()).plusNanos(offsetNanos);
    MicrosecondClock clock = new MicrosecondClock(new MutableClock(now));
    for (long d : new long[] {-1_000_001, -1_000_000, -999_999, -1_000, -1, 0, 1, 999, 1_000,
        999_999, 1_000_000, 1_000_001}) {
      Instant t = Instant.ofEpochMilli(base.toEpochMilli()).plusNanos(d);
      assertThat(clock.reached(t)).as("now %s, t %s", now, t).isEqualTo(!t.isAfter(clock.instant()));
    }
  }

  @Provide
  Arbitrary<Long> nearBoundary() {
    return Arbitraries.of(0L, 1L, 999L, 1_000L, 999_999L, -1L, -1_000L);
  }
}
