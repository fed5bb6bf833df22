package com.forjio.plugipay.engine.reliability.fuzz;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.spi.SessionStore;
import javax.sql.DataSource;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * {@link FuzzContract} on the jOOQ store on an H2 file; tries are {@code plugipay.fuzz.tries} divided by 1.
 */
class H2FileFuzzTest extends FuzzContract {
  private static StoreFixture fixture() {
    return StoreFixture.of(H2FileFuzzTest.class, "H2_FILE");
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(H2FileFuzzTest.class);
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
    return "H2_FILE";
  }

  @Override
  public int triesDivisor() {
    return 1;
  }
}
