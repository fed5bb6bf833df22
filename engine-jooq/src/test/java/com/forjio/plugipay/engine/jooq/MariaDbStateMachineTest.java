package com.forjio.plugipay.engine.jooq;

import com.forjio.plugipay.engine.CheckoutStateMachineProperties;
import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import com.forjio.plugipay.engine.spi.SessionStore;
import net.jqwik.api.PropertyDefaults;

/** The status-machine property on {@link Target#MARIADB}. */
@PropertyDefaults(tries = 150)
class MariaDbStateMachineTest extends CheckoutStateMachineProperties {
  @Override
  protected SessionStore newStore() {
    return TestDatabases.freshStore(Target.MARIADB);
  }
}
