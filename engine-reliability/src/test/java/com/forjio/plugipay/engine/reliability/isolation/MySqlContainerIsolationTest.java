package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * {@link IsolationContract} on the jOOQ store on the MySQL Testcontainers target (CI: a
 * MariaDB-based image).
 */
class MySqlContainerIsolationTest extends IsolationContract {
  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MySqlContainerIsolationTest.class);
  }

  @Override
  protected PlugipayEngine engine() {
    return StoreFixture.of(MySqlContainerIsolationTest.class, "MYSQL_CONTAINER").engine();
  }

  @Override
  protected String storeName() {
    return "MYSQL_CONTAINER";
  }

  @Override
  public int triesDivisor() {
    return 5;
  }
}
