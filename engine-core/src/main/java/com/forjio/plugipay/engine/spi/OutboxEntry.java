package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import java.util.Objects;

/**
 * An event leased from the outbox for delivery.
 *
 * @param event the event as written with its transition
 * @param attempts how many deliveries were tried before this one (0 for the first)
 */
public record OutboxEntry(CheckoutSessionEvent event, int attempts) {
  /** Checks that nothing is missing. */
  public OutboxEntry {
    Objects.requireNonNull(event, "event");
  }
}
