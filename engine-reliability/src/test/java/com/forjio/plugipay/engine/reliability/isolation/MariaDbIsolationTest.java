package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link IsolationContract} on the jOOQ store on MariaDB. */
class MariaDbIsolationTest extends IsolationContract {
  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MariaDbIsolationTest.class);
  }

  @Override
  protected PlugipayEngine engine() {
    return StoreFixture.of(MariaDbIsolationTest.class, "MARIADB").engine();
  }

  @Override
  protected String storeName() {
    return "MARIADB";
  }

  @Override
  public int triesDivisor() {
    return 5;
  }
}
