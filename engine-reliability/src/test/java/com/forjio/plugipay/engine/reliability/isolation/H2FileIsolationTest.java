package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link IsolationContract} on the jOOQ store on an H2 file; tries are {@code plugipay.fuzz.tries} divided by 1. */
class H2FileIsolationTest extends IsolationContract {
  H2FileIsolationTest() {
    super("H2_FILE", 1);
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(H2FileIsolationTest.class);
  }
}
