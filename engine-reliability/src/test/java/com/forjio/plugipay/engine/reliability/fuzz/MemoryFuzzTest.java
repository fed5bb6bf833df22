package com.forjio.plugipay.engine.reliability.fuzz;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.spi.SessionStore;
import javax.sql.DataSource;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * {@link FuzzContract} on the in-memory store; tries are {@code plugipay.fuzz.tries} divided by 1.
 */
class MemoryFuzzTest extends FuzzContract {
  private static StoreFixture fixture() {
    return StoreFixture.of(MemoryFuzzTest.class, "memory");
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MemoryFuzzTest.class);
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
    return "memory";
  }

  @Override
  public int triesDivisor() {
    return 1;
  }
}
