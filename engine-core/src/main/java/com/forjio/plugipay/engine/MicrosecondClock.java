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

  @Override
  public ZoneId getZone() {
    return delegate.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MicrosecondClock(delegate.withZone(zone));
  }
}
