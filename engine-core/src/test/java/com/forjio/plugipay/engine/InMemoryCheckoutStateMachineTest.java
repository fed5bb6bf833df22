package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.SessionStore;
import net.jqwik.api.PropertyDefaults;

/** The status machine property on the in-memory store, 1,000 tries. */
@PropertyDefaults(tries = 1000)
class InMemoryCheckoutStateMachineTest extends CheckoutStateMachineProperties {
  @Override
  protected SessionStore newStore() {
    return new InMemorySessionStore();
  }
}
