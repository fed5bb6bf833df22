package com.forjio.plugipay.engine.memory;

import com.forjio.plugipay.engine.EngineStoreContract;
import com.forjio.plugipay.engine.spi.SessionStore;

/** The engine's promises on the in-memory store. */
class InMemoryEngineStoreContractTest extends EngineStoreContract {
  @Override
  protected SessionStore newStore() {
    return new InMemorySessionStore();
  }
}
