package com.forjio.plugipay.engine.reliability.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;

/** {@link FuzzContract} on the jOOQ store on an H2 file; tries are {@code plugipay.fuzz.tries} divided by 1. */
class H2FileFuzzTest extends FuzzContract {
  H2FileFuzzTest() {
    super("H2_FILE", 1);
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(H2FileFuzzTest.class);
  }
}
