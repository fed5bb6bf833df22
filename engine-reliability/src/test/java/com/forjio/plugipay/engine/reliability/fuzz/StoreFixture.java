package com.forjio.plugipay.engine.reliability.fuzz;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.reliability.support.TestDb;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * An engine on one store for a property container, made once per container class and closed
 * after it ({@code "memory"}, or a {@link TestDb.Kind} name: a database of the suite's own).
 */
public final class StoreFixture implements AutoCloseable {
  private static final Map<Class<?>, StoreFixture> BY_CONTAINER = new ConcurrentHashMap<>();

  private final TestDb db;
  private final HikariDataSource ds;
  private final SessionStore store;
  private final PlugipayEngine engine;

  private StoreFixture(String which) {
    db = which.equals("memory") ? null : TestDb.create(TestDb.Kind.valueOf(which));
    ds = db == null ? null : db.pool(6, 10_000);
    store = db == null ? new InMemorySessionStore() : db.store(ds);
    engine = PlugipayEngine.builder().store(store).expirySweepInterval(Duration.ZERO).build();
  }

  /** The fixture of {@code container}, made on first use. */
  public static StoreFixture of(Class<?> container, String which) {
    return BY_CONTAINER.computeIfAbsent(container, c -> new StoreFixture(which));
  }

  /** Closes the fixture of {@code container}, if any. */
  public static void closeFor(Class<?> container) {
    StoreFixture f = BY_CONTAINER.remove(container);
    if (f != null) {
      f.close();
    }
  }

  /** The engine (no listener, no sweeper). */
  public PlugipayEngine engine() {
    return engine;
  }

  /** Its store. */
  public SessionStore store() {
    return store;
  }

  /** The database, or null for memory. */
  public DataSource sql() {
    return ds;
  }

  @Override
  public void close() {
    engine.close();
    store.close();
    if (ds != null) {
      ds.close();
    }
    if (db != null) {
      db.close();
    }
  }
}
