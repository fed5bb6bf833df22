package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.infra.BenchmarkParams;

/** What every benchmark creates, and the bare records its baselines write. */
final class Fixtures {
  static final CheckoutSessionCreateParams PARAMS = CheckoutSessionCreateParams.builder()
      .amount(150_000_00).currency(Currency.IDR).methods(CheckoutMethod.QRIS, CheckoutMethod.VA)
      .successUrl("https://shop.example/orders/o_123?status=paid")
      .cancelUrl("https://shop.example/orders/o_123")
      .lineItems(List.of(new LineItem("Pro plan, annual", 1, 150_000_00)))
      .metadata(Map.of("order_id", "o_123")).build();

  /** The baseline record shares the parameters' immutable collections, as a created session does. */
  private static final List<CheckoutMethod> METHODS = List.of(CheckoutMethod.QRIS, CheckoutMethod.VA);

  private Fixtures() {}

  /** An engine for benchmarking: no background sweeper; events are acknowledged by the dispatcher. */
  static PlugipayEngine engine(SessionStore store) {
    return PlugipayEngine.builder().store(store).expirySweepInterval(Duration.ZERO).build();
  }

  /** The baseline's "equivalent record with a random id": what a bare map insert stores. */
  static CheckoutSession bareRecord() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String id = "cs_" + Long.toString(r.nextLong() & Long.MAX_VALUE, 32) + Long.toString(r.nextLong() & Long.MAX_VALUE, 32);
    Instant now = Instant.now();
    return new CheckoutSession(id, "acct_default", null, PARAMS.amount(), Currency.IDR,
        CheckoutSessionStatus.OPEN, METHODS, null, PARAMS.lineItems(), PARAMS.successUrl(),
        PARAMS.cancelUrl(), "https://pay.example/c/" + id, now.plus(Duration.ofHours(1)), null,
        PARAMS.metadata(), now, now);
  }

  /**
   * How many times one thread calls a single-shot benchmark in its trial: every warm-up and
   * measured shot's batch. What a benchmark that consumes a session per call prepares.
   */
  static int callsPerThread(BenchmarkParams params) {
    return params.getWarmup().getCount() * params.getWarmup().getBatchSize()
        + params.getMeasurement().getCount() * params.getMeasurement().getBatchSize();
  }

  /** The baseline's confirm: replaces the map's record by its completed copy. */
  static CheckoutSession complete(ConcurrentHashMap<String, CheckoutSession> map, String id) {
    Instant now = Instant.now();
    return map.computeIfPresent(id,
        (x, s) -> s.withTransition(CheckoutSessionStatus.COMPLETED, "manual", now, now));
  }

  /**
   * Compiles the write path a single-shot benchmark is about to time: {@code n} creates and
   * confirms on a store of its own, or for a {@code _baseline} benchmark {@code n} map inserts and
   * {@link #complete replaces}, all dropped afterwards. A shot of a few hundred or thousand calls
   * lasts milliseconds, too short for warm-up shots to finish the JIT's work. Each fork warms only
   * the path it measures.
   */
  static void warmUp(BenchmarkParams params, int n) {
    if (params.getBenchmark().endsWith("_baseline")) {
      ConcurrentHashMap<String, CheckoutSession> map = new ConcurrentHashMap<>();
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) {
        CheckoutSession bare = bareRecord();
        map.put(bare.id(), bare);
        ids[i] = bare.id();
      }
      for (String id : ids) {
        complete(map, id);
      }
      return;
    }
    try (PlugipayEngine engine = engine(new InMemorySessionStore())) {
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) {
        ids[i] = engine.checkoutSessions()
            .create(PARAMS, RequestOptions.idempotencyKey("warm-up-" + i)).id();
      }
      for (String id : ids) {
        engine.checkoutSessions().confirm(id);
      }
    }
  }

  /** The MariaDB the SQL benchmarks use: {@code PLUGIPAY_BENCH_MARIADB_URL}, else the local service. */
  static String mariadbUrl() {
    String url = System.getenv("PLUGIPAY_BENCH_MARIADB_URL");
    return url == null || url.isBlank()
        ? "jdbc:mariadb://127.0.0.1:3306/plugipay_bench?user=root&createDatabaseIfNotExist=true" : url;
  }

  /**
   * A pool of four on MariaDB or an H2 file, with the engine's schema migrated and emptied: the
   * starting point of every SQL benchmark.
   */
  static HikariDataSource emptySqlPool(String db) throws SQLException {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(db.equals("mariadb") ? mariadbUrl() : h2Url());
    c.setMaximumPoolSize(4);
    HikariDataSource pool = new HikariDataSource(c);
    JooqSessionStore.builder().dataSource(pool).build(); // migrates
    try (Connection conn = pool.getConnection()) {
      emptyTables(conn);
    }
    return pool;
  }

  /**
   * Empties the engine's tables with {@code TRUNCATE}, not {@code DELETE}: on MariaDB a delete of
   * the previous benchmark's rows leaves InnoDB's purge thread working through them in the
   * background, on the same two cores and disk, during whichever benchmark comes next (it made the
   * first SQL figure of a run up to twice as slow as the same figure measured later).
   */
  static void emptyTables(Connection conn) throws SQLException {
    try (Statement s = conn.createStatement()) {
      for (String table : new String[] {"plugipay_event", "plugipay_idempotency_key",
          "plugipay_payment_attempt", "plugipay_unmatched_payment", "plugipay_checkout_session"}) {
        s.executeUpdate("TRUNCATE TABLE " + table);
      }
    }
  }

  /** The event row a hand-written store writes, as already delivered (nothing picks it up). */
  static final String INSERT_DELIVERED_EVENT = "INSERT INTO plugipay_event (id, account_id,"
      + " session_id, type, occurred_at, status, adapter, completed_at, updated_at, pending,"
      + " attempts, available_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";

  /** Binds and runs {@link #INSERT_DELIVERED_EVENT}; a null {@code adapter} means no adapter yet. */
  static int insertDeliveredEvent(PreparedStatement event, String id, String sessionId,
      String type, String status, String adapter, Timestamp now) throws SQLException {
    event.setString(1, id);
    event.setString(2, "acct_default");
    event.setString(3, sessionId);
    event.setString(4, type);
    event.setTimestamp(5, now);
    event.setString(6, status);
    if (adapter == null) {
      event.setNull(7, Types.VARCHAR);
      event.setNull(8, Types.TIMESTAMP);
    } else {
      event.setString(7, adapter);
      event.setTimestamp(8, now);
    }
    event.setTimestamp(9, now);
    event.setBoolean(10, false);
    event.setInt(11, 0);
    event.setTimestamp(12, now);
    return event.executeUpdate();
  }

  /**
   * An id body that sorts by creation time, like the engine's (ULID-like): the milliseconds in
   * fixed-width base 32, then 12 random base-32 digits.
   */
  static String timeOrdered() {
    String millis = Long.toString(System.currentTimeMillis(), 32);
    long random = ThreadLocalRandom.current().nextLong();
    StringBuilder b = new StringBuilder(21);
    for (int i = millis.length(); i < 9; i++) {
      b.append('0');
    }
    b.append(millis);
    for (int i = 0; i < 12; i++) {
      b.append(Character.forDigit((int) (random >>> (5 * i)) & 31, 32));
    }
    return b.toString();
  }

  static String h2Url() {
    return "jdbc:h2:file:./target/bench-h2/plugipay-" + ProcessHandle.current().pid()
        + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}
