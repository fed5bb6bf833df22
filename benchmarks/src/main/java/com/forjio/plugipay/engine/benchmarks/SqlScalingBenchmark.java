package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionListParams;
import com.forjio.plugipay.engine.Page;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * Does the jOOQ store on MariaDB stay flat as its table fills? create, get and one list page with
 * {@code rows} sessions already stored (loaded with JDBC batches, for speed), in one account.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SqlScalingBenchmark -p rows=10000,1000000}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+AlwaysPreTouch", "-Xms1g", "-Xmx1g", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class SqlScalingBenchmark {
  @Param({"10000", "1000000"})
  public int rows;

  private HikariDataSource pool;
  private PlugipayEngine engine;
  private final AtomicLong keys = new AtomicLong(System.nanoTime());
  private String[] ids;

  @Setup(Level.Trial)
  public void fill() throws SQLException {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(Fixtures.mariadbUrl());
    c.setMaximumPoolSize(4);
    pool = new HikariDataSource(c);
    JooqSessionStore store = JooqSessionStore.builder().dataSource(pool).build();
    ids = new String[Math.min(rows, 10_000)];
    try (Connection conn = pool.getConnection()) {
      Fixtures.emptyTables(conn);
      conn.setAutoCommit(false);
      try (PreparedStatement ps = conn.prepareStatement("INSERT INTO plugipay_checkout_session (id, account_id,"
          + " customer_id, amount, currency, status, methods, adapter, line_items, success_url, cancel_url, hosted_url,"
          + " hosted_token, expires_at, completed_at, metadata, created_at, updated_at, version)"
          + " VALUES (?,?,NULL,?,?,?,?,NULL,?,?,?,?,?,?,NULL,?,?,?,1)")) {
        LocalDateTime start = LocalDateTime.now().minusDays(1);
        for (int i = 0; i < rows; i++) {
          String id = "cs_" + String.format("%026d", i);
          if (i < ids.length) {
            ids[i] = id;
          }
          Timestamp created = Timestamp.valueOf(start.plusNanos(i * 1000L));
          ps.setString(1, id);
          ps.setString(2, "acct_default");
          ps.setLong(3, Fixtures.PARAMS.amount());
          ps.setString(4, "IDR");
          ps.setString(5, "open");
          ps.setString(6, "qris,va");
          ps.setString(7, "[]");
          ps.setString(8, Fixtures.PARAMS.successUrl());
          ps.setString(9, Fixtures.PARAMS.cancelUrl());
          ps.setString(10, "https://pay.example/c/t" + i);
          ps.setString(11, "t" + i);
          ps.setTimestamp(12, Timestamp.valueOf(start.plusDays(30)));
          ps.setString(13, "{}");
          ps.setTimestamp(14, created);
          ps.setTimestamp(15, created);
          ps.addBatch();
          if (i % 5_000 == 4_999) {
            ps.executeBatch();
            conn.commit();
          }
        }
        ps.executeBatch();
        conn.commit();
      } finally {
        conn.setAutoCommit(true);
      }
    }
    engine = Fixtures.engine(store);
  }

  @TearDown(Level.Trial)
  public void close() {
    engine.close();
    pool.close();
  }

  @Benchmark
  public CheckoutSession create() {
    return engine.checkoutSessions().create(Fixtures.PARAMS, RequestOptions.idempotencyKey("s" + keys.incrementAndGet()));
  }

  @Benchmark
  public CheckoutSession get() {
    return engine.checkoutSessions().get(ids[ThreadLocalRandom.current().nextInt(ids.length)]);
  }

  @Benchmark
  public Page<CheckoutSession> listPage() {
    return engine.checkoutSessions().list(CheckoutSessionListParams.builder().limit(50).build());
  }
}
