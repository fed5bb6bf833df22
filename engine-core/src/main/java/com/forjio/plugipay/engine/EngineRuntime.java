package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.spi.SessionStore;
import java.time.Clock;
import java.time.Duration;

/**
 * What one built engine shares between its account views: the store, clock, routing, settings and
 * the transition machinery. Immutable once built.
 */
final class EngineRuntime {
  private final SessionStore store;
  private final Clock clock;
  private final AdapterRouting routing;
  private final String hostedBaseUrl;
  private final Duration idempotencyKeyRetention;
  private final OutboxDispatcher dispatcher;
  private final SessionTransitions transitions;

  EngineRuntime(SessionStore store, Clock clock, AdapterRouting routing, String hostedBaseUrl,
      Duration idempotencyKeyRetention, OutboxDispatcher dispatcher) {
    this.store = store;
    this.clock = clock;
    this.routing = routing;
    this.hostedBaseUrl = hostedBaseUrl;
    this.idempotencyKeyRetention = idempotencyKeyRetention;
    this.dispatcher = dispatcher;
    this.transitions = new SessionTransitions(store, clock, routing, dispatcher);
  }

  SessionStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  AdapterRouting routing() {
    return routing;
  }

  String hostedBaseUrl() {
    return hostedBaseUrl;
  }

  Duration idempotencyKeyRetention() {
    return idempotencyKeyRetention;
  }

  SessionTransitions transitions() {
    return transitions;
  }

  OutboxDispatcher dispatcher() {
    return dispatcher;
  }

  /**
   * Whether the events this engine commits now go to the outbox for delivery: false while it has no
   * listener, and the store then records them as delivered.
   */
  boolean dispatching() {
    return dispatcher.dispatching();
  }

  /** Tells the dispatcher that this engine committed events, so it need not wait for its poll. */
  void eventsCommitted() {
    dispatcher.wake();
  }
}
