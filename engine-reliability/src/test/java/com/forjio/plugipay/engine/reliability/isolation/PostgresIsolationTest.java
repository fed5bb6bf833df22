package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link IsolationContract} on the jOOQ store on PostgreSQL. */
class PostgresIsolationTest extends IsolationContract {
  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(PostgresIsolationTest.class);
  }

  @Override
  protected PlugipayEngine engine() {
    return StoreFixture.of(PostgresIsolationTest.class, "POSTGRES").engine();
  }

  @Override
  protected String storeName() {
    return "POSTGRES";
  }

  @Override
  public int triesDivisor() {
    return 5;
  }
}
