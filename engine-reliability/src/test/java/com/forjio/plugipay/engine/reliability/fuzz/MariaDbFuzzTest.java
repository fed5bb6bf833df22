package com.forjio.plugipay.engine.reliability.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;

/** {@link FuzzContract} on the jOOQ store on MariaDB (a database of its own on the shared service); tries are {@code plugipay.fuzz.tries} divided by 10. */
class MariaDbFuzzTest extends FuzzContract {
  MariaDbFuzzTest() {
    super("MARIADB", 10);
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(MariaDbFuzzTest.class);
  }
}
