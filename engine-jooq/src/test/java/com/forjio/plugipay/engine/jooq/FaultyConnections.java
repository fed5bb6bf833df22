package com.forjio.plugipay.engine.jooq;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/** A data source whose connections let a test step into any call: to fail it, or do more. */
final class FaultyConnections {
  private FaultyConnections() {}

  /** What happens to one call on a connection; {@code proceed} makes the real call. */
  interface Interceptor {
    Object call(Connection real, Method method, Object[] args, Proceed proceed) throws Throwable;
  }

  /** The real call. */
  interface Proceed {
    Object call() throws Throwable;
  }

  /** {@code real}, with every call on its connections passed through {@code interceptor}. */
  static DataSource wrap(DataSource real, Interceptor interceptor) {
    ClassLoader cl = FaultyConnections.class.getClassLoader();
    return (DataSource) Proxy.newProxyInstance(cl, new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (!"getConnection".equals(method.getName())) {
            return invoke(method, real, args);
          }
          Connection c = (Connection) invoke(method, real, args);
          return Proxy.newProxyInstance(cl, new Class<?>[] {Connection.class},
              (p, m, a) -> interceptor.call(c, m, a, () -> invoke(m, c, a)));
        });
  }

  private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
