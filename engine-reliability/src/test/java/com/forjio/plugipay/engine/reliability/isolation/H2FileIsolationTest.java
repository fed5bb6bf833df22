package com.forjio.plugipay.engine.reliability.isolation;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.reliability.fuzz.StoreFixture;
import net.jqwik.api.lifecycle.AfterContainer;

/** {@link IsolationContract} on the jOOQ store on an H2 file. */
class H2FileIsolationTest extends IsolationContract {
  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(H2FileIsolationTest.class);
  }

  @Override
  protected PlugipayEngine engine() {
    return StoreFixture.of(H2FileIsolationTest.class, "H2_FILE").engine();
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
