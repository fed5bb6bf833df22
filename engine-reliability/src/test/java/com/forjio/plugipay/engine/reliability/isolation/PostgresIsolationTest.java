package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link IsolationContract} on the jOOQ store on PostgreSQL; tries are {@code plugipay.fuzz.tries} divided by 5. */
class PostgresIsolationTest extends IsolationContract {
  PostgresIsolationTest() {
    super("POSTGRES", 5);
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(PostgresIsolationTest.class);
  }
}
