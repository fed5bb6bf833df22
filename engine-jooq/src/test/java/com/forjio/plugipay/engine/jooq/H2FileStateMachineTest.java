package com.forjio.plugipay.engine.jooq;

import com.forjio.plugipay.engine.CheckoutStateMachineProperties;
import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import com.forjio.plugipay.engine.spi.SessionStore;
import net.jqwik.api.PropertyDefaults;

/** The status-machine property on {@link Target#H2_FILE}. */
@PropertyDefaults(tries = 150)
class H2FileStateMachineTest extends CheckoutStateMachineProperties {
  @Override
  protected SessionStore newStore() {
    return TestDatabases.freshStore(Target.H2_FILE);
  }
}
