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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code confirm} on the jOOQ store (MariaDB and an H2 file, with and without the cache) beside the
 * floor for SQL: the same change written with plain JDBC in one transaction on the same pool (the
 * session row read, its compare-and-set update and the event row's insert).
 *
 * <p>As in {@link ConfirmBenchmark}, every confirm consumes an open session: the sessions of every
 * batch are created through the engine before the first batch is timed, and each shot confirms
 * {@link #BATCH} of them (the table divides by the batch size).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SqlConfirmBenchmark -prof gc}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, batchSize = SqlConfirmBenchmark.BATCH)
@Measurement(iterations = 10, batchSize = SqlConfirmBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = {"-XX:+AlwaysPreTouch", "-Xms1g", "-Xmx1g", "-Dorg.jooq.no-logo=true",
    "-Dorg.jooq.no-tips=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Thread)
public class SqlConfirmBenchmark {
  static final int BATCH = 1_000;

  @Param({"mariadb", "h2"})
  public String db;

  @Param({"false", "true"})
  public boolean cached;

  private HikariDataSource pool;
  private PlugipayEngine engine;
  private String[] ids;
  private String[] baselineIds;
  private int next;
  private int baselineNext;

  /** Opens the sessions of every batch of the trial, for the engine and for the baseline. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws SQLException {
    pool = Fixtures.emptySqlPool(db);
    SessionStore store = JooqSessionStore.builder().dataSource(pool).build();
    engine = Fixtures.engine(cached ? CachingSessionStore.wrap(store) : store);
    int total = Fixtures.callsPerThread(params);
    ids = new String[total];
    baselineIds = new String[total];
    for (int i = 0; i < total; i++) {
      ids[i] = engine.checkoutSessions()
          .create(Fixtures.PARAMS, RequestOptions.idempotencyKey("e" + i)).id();
      baselineIds[i] = engine.checkoutSessions()
          .create(Fixtures.PARAMS, RequestOptions.idempotencyKey("b" + i)).id();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    pool.close();
  }

  @Benchmark
  public CheckoutSession confirm() {
    return engine.checkoutSessions().confirm(ids[next++]);
  }

  /**
   * Plain JDBC, as a hand-written confirm would go: read the session's status and version, then
   * its compare-and-set update and its event's row, in one transaction.
   */
  @Benchmark
  public int confirm_baseline() throws SQLException {
    String id = baselineIds[baselineNext++];
    Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement read = c.prepareStatement(
              "SELECT status, version FROM plugipay_checkout_session WHERE id = ?");
          PreparedStatement update = c.prepareStatement("UPDATE plugipay_checkout_session"
              + " SET status = ?, adapter = ?, completed_at = ?, updated_at = ?, version = version + 1"
              + " WHERE id = ? AND version = ?");
          PreparedStatement event = c.prepareStatement(Fixtures.INSERT_DELIVERED_EVENT)) {
        read.setString(1, id);
        long version;
        try (java.sql.ResultSet r = read.executeQuery()) {
          if (!r.next() || !"open".equals(r.getString(1))) {
            throw new IllegalStateException("session " + id + " is not open");
          }
          version = r.getLong(2);
        }
        update.setString(1, "completed");
        update.setString(2, "manual");
        update.setTimestamp(3, now);
        update.setTimestamp(4, now);
        update.setString(5, id);
        update.setLong(6, version);
        int rows = update.executeUpdate();
        rows += Fixtures.insertDeliveredEvent(event, "evt_c" + id, id,
            "plugipay.checkout_session.completed.v1", "completed", "manual", now);
        if (rows != 2) {
          throw new IllegalStateException("session " + id + " moved while it was confirmed");
        }
        c.commit();
        return rows;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }
}
