package com.forjio.plugipay.engine.memory;

import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.SessionStoreContract;

class InMemorySessionStoreContractTest extends SessionStoreContract {
  @Override
  protected SessionStore newStore() {
    return new InMemorySessionStore();
  }
}
