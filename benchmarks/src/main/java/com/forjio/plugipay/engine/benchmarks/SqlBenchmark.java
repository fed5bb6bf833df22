package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.cache.CachingSessionStore;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
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
 * beside the floor for SQL: the same three rows (session, idempotency key, event) written into the
 * same tables with plain JDBC prepared statements, in one transaction, on the same pool.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SqlBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+AlwaysPreTouch", "-Xms1g", "-Xmx1g", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
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
    pool = Fixtures.emptySqlPool(db);
    SessionStore store = JooqSessionStore.builder().dataSource(pool).build();
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

  /**
   * Plain JDBC: the same three rows (key, session, event) into the same tables, with their indexes,
   * in one transaction, as a hand-written store would. Its ids are time-ordered as the engine's are
   * (so both append to the primary keys' indexes, which is far cheaper than inserting at random
   * places) and its hosted token is random as the engine's is.
   */
  @Benchmark
  public int create_baseline() throws SQLException {
    String suffix = Fixtures.timeOrdered();
    String id = "cs_" + suffix;
    String token = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 32)
        + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 32);
    Timestamp now = Timestamp.valueOf(LocalDateTime.now());
    Timestamp later = Timestamp.valueOf(LocalDateTime.now().plusHours(1));
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      int rows;
      try (PreparedStatement key = c.prepareStatement("INSERT INTO plugipay_idempotency_key"
              + " (account_id, operation, idem_key, fingerprint, session_id, expires_at)"
              + " VALUES (?,?,?,?,?,?)");
          PreparedStatement session = c.prepareStatement("INSERT INTO plugipay_checkout_session"
              + " (id, account_id, customer_id, amount, currency, status, methods, adapter, line_items,"
              + " success_url, cancel_url, hosted_url, hosted_token, expires_at, completed_at,"
              + " metadata, created_at, updated_at, version)"
              + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
          PreparedStatement event = c.prepareStatement(Fixtures.INSERT_DELIVERED_EVENT)) {
        key.setString(1, "acct_default");
        key.setString(2, "checkout_session.create");
        key.setString(3, "k" + keys.incrementAndGet());
        key.setString(4, "fingerprint-of-the-parameters-0123456789abcdefghijk");
        key.setString(5, id);
        key.setTimestamp(6, later);
        rows = key.executeUpdate();
        session.setString(1, id);
        session.setString(2, "acct_default");
        session.setNull(3, Types.VARCHAR);
        session.setLong(4, 150_000_00);
        session.setString(5, "IDR");
        session.setString(6, "open");
        session.setString(7, "qris,va");
        session.setNull(8, Types.VARCHAR);
        session.setString(9, "[{\"name\":\"Pro plan, annual\",\"quantity\":1,\"unitAmount\":15000000}]");
        session.setString(10, Fixtures.PARAMS.successUrl());
        session.setString(11, Fixtures.PARAMS.cancelUrl());
        session.setString(12, "https://pay.example/c/" + token);
        session.setString(13, token);
        session.setTimestamp(14, later);
        session.setNull(15, Types.TIMESTAMP);
        session.setString(16, "{\"order_id\":\"o_123\"}");
        session.setTimestamp(17, now);
        session.setTimestamp(18, now);
        session.setLong(19, 1);
        rows += session.executeUpdate();
        rows += Fixtures.insertDeliveredEvent(event, "evt_" + suffix, id,
            "plugipay.checkout_session.created.v1", "open", null, now);
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
