package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link IsolationContract} on the in-memory store; tries are {@code plugipay.fuzz.tries} divided by 1. */
class MemoryIsolationTest extends IsolationContract {
  MemoryIsolationTest() {
    super("memory", 1);
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MemoryIsolationTest.class);
  }
}
