package com.forjio.plugipay.engine.event;

/** Where in-process listeners subscribe to an engine's events ({@code engine.events()}). */
public interface EventSubscriptions {

  /**
   * Adds a listener; it receives every event dispatched from now on (and events committed earlier
   * that were not yet dispatched). Listeners given to the engine's builder receive every event from
   * the first one. Events committed while the engine had no listener at all count as dispatched:
   * they stay in each session's history but are not delivered.
   *
   * @return a handle whose {@link Subscription#close()} removes the listener
   */
  Subscription subscribe(EventListener listener);

  /** A subscribed listener; closing it unsubscribes, idempotently. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
