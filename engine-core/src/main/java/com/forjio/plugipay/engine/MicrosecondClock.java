package com.forjio.plugipay.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The user's clock truncated to microseconds. SQL stores keep timestamps to the microsecond; if the
 * engine minted nanosecond instants, a session read back would differ from the one returned by
 * create, and list cursors would fall between rows. Every time the engine writes comes from here.
 */
final class MicrosecondClock extends Clock {
  private final Clock delegate;

  MicrosecondClock(Clock delegate) {
    this.delegate = delegate;
  }

  @Override
  public Instant instant() {
    Instant now = delegate.instant();
    int nanos = now.getNano();
    int micros = nanos - nanos % 1_000;
    return micros == nanos ? now : Instant.ofEpochSecond(now.getEpochSecond(), micros);
  }

  /**
   * True if {@code t} is not after {@link #instant()}, decided where possible from the delegate's
   * milliseconds, which the system clock reads without making an object: a read of an open session
   * asks this, and the reads of a busy store should make no garbage. Only a {@code t} within the
   * current millisecond needs the exact instant.
   */
  boolean reached(Instant t) {
    long millis = delegate.millis(); // now lies in [millis, millis + 1 ms)
    long second = Math.floorDiv(millis, 1_000L);
    int nanos = (int) Math.floorMod(millis, 1_000L) * 1_000_000;
    long tSecond = t.getEpochSecond();
    int tNanos = t.getNano();
    if (tSecond < second || (tSecond == second && tNanos <= nanos)) {
      return true; // t <= millis <= now, truncated or not (a millisecond is a whole microsecond)
    }
    int endNanos = nanos + 1_000_000;
    long endSecond = endNanos == 1_000_000_000 ? second + 1 : second;
    endNanos = endNanos == 1_000_000_000 ? 0 : endNanos;
    if (tSecond > endSecond || (tSecond == endSecond && tNanos >= endNanos)) {
      return false; // t >= millis + 1 ms > now
    }
    return !t.isAfter(instant());
  }

  @Override
  public ZoneId getZone() {
    return delegate.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MicrosecondClock(delegate.withZone(zone));
  }
}
