package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link IsolationContract} on the in-memory store. */
class MemoryIsolationTest extends IsolationContract {
  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MemoryIsolationTest.class);
  }

  @Override
  protected PlugipayEngine engine() {
    return StoreFixture.of(MemoryIsolationTest.class, "memory").engine();
  }

  @Override
  protected String storeName() {
    return "memory";
  }

  @Override
  public int triesDivisor() {
    return 1;
  }
}
