package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link IsolationContract} on the jOOQ store on MariaDB; tries are {@code plugipay.fuzz.tries} divided by 5. */
class MariaDbIsolationTest extends IsolationContract {
  MariaDbIsolationTest() {
    super("MARIADB", 5);
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MariaDbIsolationTest.class);
  }
}
