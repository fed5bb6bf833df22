package com.forjio.plugipay.engine.jooq;

import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.SessionStoreContract;

/** The store contract on {@link Target#POSTGRES} (see {@link TestDatabases} for where it comes from). */
class PostgresStoreContractTest extends SessionStoreContract {
  @Override
  protected SessionStore newStore() {
    return TestDatabases.freshStore(Target.POSTGRES);
  }
}
