package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link IsolationContract} on the jOOQ store on the MySQL Testcontainers target; tries are {@code plugipay.fuzz.tries} divided by 5. */
class MySqlContainerIsolationTest extends IsolationContract {
  MySqlContainerIsolationTest() {
    super("MYSQL_CONTAINER", 5);
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MySqlContainerIsolationTest.class);
  }
}
