package com.forjio.plugipay.engine.jooq;

import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.SessionStoreContract;

/** The store contract on {@link Target#H2_FILE} (see {@link TestDatabases} for where it comes from). */
class H2FileStoreContractTest extends SessionStoreContract {
  @Override
  protected SessionStore newStore() {
    return TestDatabases.freshStore(Target.H2_FILE);
  }
}
