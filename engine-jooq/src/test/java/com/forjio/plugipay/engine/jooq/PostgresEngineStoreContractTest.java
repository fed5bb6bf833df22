package com.forjio.plugipay.engine.jooq;

import com.forjio.plugipay.engine.EngineStoreContract;
import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import com.forjio.plugipay.engine.spi.SessionStore;

/** The engine's promises on {@link Target#POSTGRES} (see {@link TestDatabases} for where it comes from). */
class PostgresEngineStoreContractTest extends EngineStoreContract {
  @Override
  protected SessionStore newStore() {
    return TestDatabases.freshStore(Target.POSTGRES);
  }
}
