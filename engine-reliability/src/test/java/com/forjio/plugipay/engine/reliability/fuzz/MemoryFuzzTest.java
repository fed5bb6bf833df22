package com.forjio.plugipay.engine.reliability.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;

/** {@link FuzzContract} on the in-memory store; tries are {@code plugipay.fuzz.tries} divided by 1. */
class MemoryFuzzTest extends FuzzContract {
  MemoryFuzzTest() {
    super("memory", 1);
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MemoryFuzzTest.class);
  }
}
