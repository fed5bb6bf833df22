package com.forjio.plugipay.engine.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionListParams;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 2, for tables that already exist: a MariaDB schema made by the first three
 * migrations (PAD SPACE {@code utf8mb4_bin}, where {@code 'k' = 'k '}) holding sessions is moved to
 * the NO PAD collation by the next one, keeps its rows, and then compares byte for byte. Runs on a
 * database of its own on the MariaDB of {@code PLUGIPAY_TEST_MARIADB_URL}, dropped afterwards.
 */
class NoPadCollationMigrationTest {
  private final String database = "plugipay_nopad_" + ProcessHandle.current().pid();
  private String serverUrl;
  private HikariDataSource pool;

  @BeforeEach
  void createDatabase() throws SQLException {
    String url = System.getenv("PLUGIPAY_TEST_MARIADB_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("PLUGIPAY_TEST_MARIADB_URL names no MariaDB to migrate"
          + " (see README, 'Tests'; CI sets it in .ci/test-env.sh)");
    }
    int slash = url.indexOf('/', "jdbc:mariadb://".length());
    int query = url.indexOf('?', slash);
    serverUrl = url.substring(0, slash + 1) + (query < 0 ? "" : url.substring(query));
    execute(serverUrl, "DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database
        + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query)));
    c.setMaximumPoolSize(4);
    pool = new HikariDataSource(c);
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    pool.close();
    execute(serverUrl, "DROP DATABASE IF EXISTS " + database);
  }

  private static void execute(String url, String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  private List<String> collations() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT collation_name FROM information_schema.columns"
            + " WHERE table_schema = DATABASE() AND table_name LIKE 'plugipay%'"
            + " AND collation_name IS NOT NULL AND table_name <> 'plugipay_schema_history'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static CheckoutSessionCreateParams params(String customer) {
    return CheckoutSessionCreateParams.builder().amount(10_000_00).currency(Currency.IDR)
        .methods(CheckoutMethod.VA).customerId(customer).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no").build();
  }

  @Test
  void existingPadSpaceTablesMigrateToNoPadKeepingTheirRows() throws SQLException {
    Flyway.configure(getClass().getClassLoader()).dataSource(pool)
        .locations("classpath:db/plugipay/mysql").table(Migrations.HISTORY_TABLE)
        .target("3").load().migrate();
    assertThat(collations()).containsExactly("utf8mb4_bin");

    CheckoutSession before;
    try (JooqSessionStore v3 = JooqSessionStore.builder().dataSource(pool).migrate(false).build();
        PlugipayEngine engine = PlugipayEngine.builder().store(v3)
            .expirySweepInterval(Duration.ZERO).build()) {
      before = engine.checkoutSessions().create(params("c"), RequestOptions.idempotencyKey("k"));
      assertThat(engine.checkoutSessions().list(CheckoutSessionListParams.builder()
          .customerId("c ").build()).data()).as("the defect, before the migration").hasSize(1);
    }

    try (JooqSessionStore v4 = JooqSessionStore.builder().dataSource(pool).build();
        PlugipayEngine engine = PlugipayEngine.builder().store(v4)
            .expirySweepInterval(Duration.ZERO).build()) {
      assertThat(collations()).containsExactly("utf8mb4_nopad_bin");
      assertThat(engine.checkoutSessions().get(before.id()).customerId()).isEqualTo("c");
      CheckoutSession spaced = engine.checkoutSessions().create(params("c "),
          RequestOptions.idempotencyKey("k "));
      assertThat(spaced.id()).isNotEqualTo(before.id());
      assertThat(engine.checkoutSessions().create(params("c"), RequestOptions.idempotencyKey("k"))
          .id()).isEqualTo(before.id());
      assertThat(engine.checkoutSessions().list(CheckoutSessionListParams.builder()
          .customerId("c").build()).data()).extracting(CheckoutSession::id)
          .containsExactly(before.id());
    }
  }
}
