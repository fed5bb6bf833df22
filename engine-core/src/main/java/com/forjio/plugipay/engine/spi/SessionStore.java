package com.forjio.plugipay.engine.spi;

/**
 * Where an engine keeps its sessions, idempotency keys, outbox and payment attempts: the facets
 * {@link SessionFacet}, {@link OutboxFacet} and {@link AttemptFacet} in one object. Implement it to
 * put sessions in your own storage; every implementation must pass the store contract suite shipped
 * in {@code engine-core}'s test-jar ({@code SessionStoreContract}). A store that can run inside the
 * application's own transaction also implements {@link CallerTransactions}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The operations are atomic steps, not CRUD: each one either happens completely or not at all.
 *       The engine calls them from any thread, concurrently; several engines (several JVMs) may share
 *       one durable store, so correctness must come from the store (unique keys, version
 *       compare-and-set, row claims), never from in-JVM locks alone.
 *   <li>The store does not decide which status changes are legal (the engine's status table does);
 *       it guarantees that a transition applies only to the version the engine read, and that the
 *       transition's event is written with it.
 *   <li>Every event a create or transition writes is kept in its session's history
 *       ({@link #events}); it also enters the outbox, undelivered, when its request's
 *       {@code dispatch()} is true. When it is false (the engine has no listener) the event is
 *       written as already delivered and is never claimed. A store that queues it anyway stays
 *       correct, only slower: an engine without listeners marks such events delivered in bulk.
 *   <li>Failures are unchecked exceptions; a durable store reports them as a
 *       {@code PlugipayException} with code {@code store_error} naming the operation. Nothing is
 *       returned as null: absence is an empty {@link java.util.Optional} or list.
 * </ul>
 */
public interface SessionStore extends SessionFacet, OutboxFacet, AttemptFacet, AutoCloseable {

  /** Releases resources the store owns (a pool it created). The default does nothing. */
  @Override
  default void close() {}
}
