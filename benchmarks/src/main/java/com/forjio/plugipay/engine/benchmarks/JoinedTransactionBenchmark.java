package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The SQL store's real advantage: the checkout session created inside the application's own order
 * transaction (one commit for both) on MariaDB. {@code orderWithSession} inserts the order row and
 * creates the session in one joined transaction; {@code orderWithSession_baseline} is the order
 * transaction alone (one insert, one commit); {@code separateTransactions} commits the order and
 * then creates the session in the store's own transaction. The difference to the baseline is what
 * the session adds to the order's commit.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JoinedTransactionBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+AlwaysPreTouch", "-Xms1g", "-Xmx1g", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class JoinedTransactionBenchmark {
  private HikariDataSource pool;
  private JooqSessionStore store;
  private PlugipayEngine engine;
  private final AtomicLong orders = new AtomicLong(System.nanoTime());

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(Fixtures.mariadbUrl());
    c.setMaximumPoolSize(4);
    pool = new HikariDataSource(c);
    store = JooqSessionStore.builder().dataSource(pool).build();
    engine = Fixtures.engine(store);
    try (Connection conn = pool.getConnection(); Statement s = conn.createStatement()) {
      s.executeUpdate("CREATE TABLE IF NOT EXISTS bench_order (id VARCHAR(40) PRIMARY KEY,"
          + " amount BIGINT NOT NULL, session_id VARCHAR(40))");
      s.executeUpdate("TRUNCATE TABLE bench_order");
      Fixtures.emptyTables(conn);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    pool.close();
  }

  private void insertOrder(Connection c, String orderId, String sessionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO bench_order (id, amount, session_id) VALUES (?, ?, ?)")) {
      ps.setString(1, orderId);
      ps.setLong(2, Fixtures.PARAMS.amount());
      ps.setString(3, sessionId);
      ps.executeUpdate();
    }
  }

  @Benchmark
  public String orderWithSession() throws SQLException {
    String orderId = "o_" + orders.incrementAndGet();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        CheckoutSession s = store.joining(c, () -> engine.checkoutSessions().create(Fixtures.PARAMS,
            RequestOptions.idempotencyKey(orderId)));
        insertOrder(c, orderId, s.id());
        c.commit();
        return s.id();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  @Benchmark
  public String orderWithSession_baseline() throws SQLException {
    String orderId = "o_" + orders.incrementAndGet();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        insertOrder(c, orderId, null);
        c.commit();
        return orderId;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  @Benchmark
  public String separateTransactions() throws SQLException {
    String orderId = "o_" + orders.incrementAndGet();
    try (Connection c = pool.getConnection()) {
      insertOrder(c, orderId, null);
    }
    return engine.checkoutSessions().create(Fixtures.PARAMS, RequestOptions.idempotencyKey(orderId)).id();
  }
}
