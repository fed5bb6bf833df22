package com.forjio.plugipay.engine.reliability.fuzz;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.spi.SessionStore;
import javax.sql.DataSource;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * {@link FuzzContract} on the jOOQ store on MariaDB (a database of its own on the shared service); tries are {@code plugipay.fuzz.tries} divided by 10.
 */
class MariaDbFuzzTest extends FuzzContract {
  private static StoreFixture fixture() {
    return StoreFixture.of(MariaDbFuzzTest.class, "MARIADB");
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MariaDbFuzzTest.class);
  }

  @Override
  protected PlugipayEngine engine() {
    return fixture().engine();
  }

  @Override
  protected SessionStore store() {
    return fixture().store();
  }

  @Override
  protected DataSource sql() {
    return fixture().sql();
  }

  @Override
  protected String storeName() {
    return "MARIADB";
  }

  @Override
  public int triesDivisor() {
    return 10;
  }
}
