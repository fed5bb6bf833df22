package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.cache.CachingSessionStore;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The jOOQ store on MariaDB (the running service) and on an H2 file, with and without the cache,
 * beside the floor for SQL: the same three rows (session, idempotency key, event) written with plain
 * JDBC prepared statements in one transaction on the same pool.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SqlBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SqlBenchmark {
  @Param({"mariadb", "h2"})
  public String db;

  @Param({"false", "true"})
  public boolean cached;

  private HikariDataSource pool;
  private PlugipayEngine engine;
  private final AtomicLong keys = new AtomicLong(System.nanoTime());
  private String existingId;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(db.equals("mariadb") ? Fixtures.mariadbUrl() : Fixtures.h2Url());
    c.setMaximumPoolSize(4);
    pool = new HikariDataSource(c);
    SessionStore store = JooqSessionStore.builder().dataSource(pool).build();
    try (Connection conn = pool.getConnection(); Statement s = conn.createStatement()) {
      s.executeUpdate("DELETE FROM plugipay_event");
      s.executeUpdate("DELETE FROM plugipay_idempotency_key");
      s.executeUpdate("DELETE FROM plugipay_checkout_session");
      s.executeUpdate("CREATE TABLE IF NOT EXISTS bench_session (id VARCHAR(40) PRIMARY KEY, account_id VARCHAR(255),"
          + " amount BIGINT, currency VARCHAR(3), status VARCHAR(16), methods VARCHAR(64), line_items TEXT,"
          + " success_url VARCHAR(2048), cancel_url VARCHAR(2048), hosted_url VARCHAR(2400), hosted_token VARCHAR(64),"
          + " expires_at TIMESTAMP(6), metadata TEXT, created_at TIMESTAMP(6), updated_at TIMESTAMP(6), version BIGINT)");
      s.executeUpdate("CREATE TABLE IF NOT EXISTS bench_key (account_id VARCHAR(255), idem_key VARCHAR(255),"
          + " session_id VARCHAR(40), fingerprint VARCHAR(64), expires_at TIMESTAMP(6), PRIMARY KEY (account_id, idem_key))");
      s.executeUpdate("CREATE TABLE IF NOT EXISTS bench_event (id VARCHAR(40) PRIMARY KEY, session_id VARCHAR(40),"
          + " type VARCHAR(80), occurred_at TIMESTAMP(6), status VARCHAR(16))");
    }
    engine = Fixtures.engine(cached ? CachingSessionStore.wrap(store) : store);
    existingId = engine.checkoutSessions().create(Fixtures.PARAMS).id();
    engine.checkoutSessions().confirm(existingId); // terminal, so the cache may hold it
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    pool.close();
  }

  @Benchmark
  public CheckoutSession create() {
    return engine.checkoutSessions().create(Fixtures.PARAMS,
        RequestOptions.idempotencyKey("k" + keys.incrementAndGet()));
  }

  @Benchmark
  public CheckoutSession get() {
    return engine.checkoutSessions().get(existingId);
  }

  /** Plain JDBC: the same three rows in one transaction. */
  @Benchmark
  public int create_baseline() throws SQLException {
    String id = "cs_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 32);
    Timestamp now = Timestamp.valueOf(LocalDateTime.now());
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      int rows;
      try (PreparedStatement key = c.prepareStatement(
              "INSERT INTO bench_key (account_id, idem_key, session_id, fingerprint, expires_at) VALUES (?,?,?,?,?)");
          PreparedStatement session = c.prepareStatement("INSERT INTO bench_session (id, account_id, amount, currency,"
              + " status, methods, line_items, success_url, cancel_url, hosted_url, hosted_token, expires_at, metadata,"
              + " created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
          PreparedStatement event = c.prepareStatement(
              "INSERT INTO bench_event (id, session_id, type, occurred_at, status) VALUES (?,?,?,?,?)")) {
        key.setString(1, "acct_default");
        key.setString(2, "k" + keys.incrementAndGet());
        key.setString(3, id);
        key.setString(4, "fingerprint-of-the-parameters-0123456789abcdefghijk");
        key.setTimestamp(5, now);
        rows = key.executeUpdate();
        session.setString(1, id);
        session.setString(2, "acct_default");
        session.setLong(3, 150_000_00);
        session.setString(4, "IDR");
        session.setString(5, "open");
        session.setString(6, "qris,va");
        session.setString(7, "[{\"name\":\"Pro plan, annual\",\"quantity\":1,\"unitAmount\":15000000}]");
        session.setString(8, Fixtures.PARAMS.successUrl());
        session.setString(9, Fixtures.PARAMS.cancelUrl());
        session.setString(10, "https://pay.example/c/" + id);
        session.setString(11, id);
        session.setTimestamp(12, now);
        session.setString(13, "{\"order_id\":\"o_123\"}");
        session.setTimestamp(14, now);
        session.setTimestamp(15, now);
        session.setLong(16, 1);
        rows += session.executeUpdate();
        event.setString(1, "evt_" + id);
        event.setString(2, id);
        event.setString(3, "plugipay.checkout_session.created.v1");
        event.setTimestamp(4, now);
        event.setString(5, "open");
        rows += event.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
      return rows;
    }
  }
}
