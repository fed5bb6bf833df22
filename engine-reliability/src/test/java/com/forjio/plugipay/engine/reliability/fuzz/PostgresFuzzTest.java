package com.forjio.plugipay.engine.reliability.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;

/** {@link FuzzContract} on the jOOQ store on PostgreSQL (a database of its own on the shared service); tries are {@code plugipay.fuzz.tries} divided by 10. */
class PostgresFuzzTest extends FuzzContract {
  PostgresFuzzTest() {
    super("POSTGRES", 10);
  }

  @AfterContainer
  static void closeStore() {
    StoreFixture.closeFor(PostgresFuzzTest.class);
  }
}
