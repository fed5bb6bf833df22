package com.forjio.plugipay.engine.spi;

/**
 * An optional capability of a store that can run inside the application's own transaction (the
 * jOOQ store does): it tells whether the calling thread's operations are inside such a transaction.
 * A store that never joins one does not implement it; decorators that cache must ask it when the
 * store they wrap implements it, and remember nothing while the answer is true.
 */
public interface CallerTransactions {

  /**
   * True while the calling thread's operations run inside a transaction the caller manages (one the
   * store joined instead of opening its own), whose outcome the store cannot vouch for: what it reads
   * or writes now may still be rolled back. Caching decorators must not remember anything they see
   * then.
   */
  boolean insideCallerTransaction();
}
