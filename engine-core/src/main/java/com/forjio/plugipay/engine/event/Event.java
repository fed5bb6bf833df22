package com.forjio.plugipay.engine.event;

import java.time.Instant;

/**
 * Something that happened in the engine, delivered to {@link EventListener}s and webhook endpoints.
 * On the wire an event is {@code {id, type, accountId, occurredAt, data: {object}}}, the shape the
 * Plugipay SDKs parse.
 */
public sealed interface Event permits CheckoutSessionEvent, WebhookEndpointDisabledEvent {

  /** {@code evt_} followed by a ULID; a redelivery of the same event carries the same id. */
  String id();

  /** The type, {@code plugipay.<resource>.<action>.v1}; receivers ignore types they do not know. */
  String type();

  /** The account the event belongs to. */
  String accountId();

  /** When it happened (the time of the transition). */
  Instant occurredAt();
}
