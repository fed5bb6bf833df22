package com.forjio.plugipay.engine.reliability.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline: the suite waits for conditions, never for fixed times. */
public final class Waits {
  private Waits() {}

  /**
   * Polls {@code condition} every 20 ms until it holds.
   *
   * @throws AssertionError with {@code what} and the last {@code detail} when the deadline passes
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition,
      Supplier<String> detail) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean ok;
      try {
        ok = condition.getAsBoolean();
      } catch (RuntimeException e) {
        ok = false; // e.g. a database still starting
      }
      if (ok) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + timeout + ": " + detail.get());
      }
      pause(20);
    }
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; true when it held. */
  public static boolean within(Duration timeout, BooleanSupplier condition) {
    try {
      until("", timeout, condition, () -> "");
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Sleeps for a short pause between polls or retries. */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
