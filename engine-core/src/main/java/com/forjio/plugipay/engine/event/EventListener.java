package com.forjio.plugipay.engine.event;

/**
 * Receives the engine's events in-process. Delivery is at least once (a redelivery carries the same
 * {@link Event#id()}, so deduplicate on it where it matters), in order per session, asynchronously
 * on the engine's dispatcher threads. A listener that throws gets the event again later, with
 * exponential backoff; while it does, events of other sessions keep flowing.
 */
@FunctionalInterface
public interface EventListener {

  /** Handles one event; throw to have it redelivered later. */
  void onEvent(Event event) throws Exception;
}
