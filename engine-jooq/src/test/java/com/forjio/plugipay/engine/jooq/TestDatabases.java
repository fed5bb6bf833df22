package com.forjio.plugipay.engine.jooq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one place that decides where each test database comes from.
 *
 * <ul>
 *   <li>{@link Target#MYSQL}: always Testcontainers' {@code MySQLContainer}, on the image named by
 *       {@code PLUGIPAY_TEST_MYSQL_IMAGE} (default the official {@code mysql:8.4}; CI builds a local
 *       MariaDB-based image, as no registry is reachable there).
 *   <li>{@link Target#MARIADB}: the JDBC URL in {@code PLUGIPAY_TEST_MARIADB_URL} (CI: the running
 *       MariaDB service), else Testcontainers' {@code MariaDBContainer}
 *       ({@code PLUGIPAY_TEST_MARIADB_IMAGE}, default {@code mariadb:10.11}).
 *   <li>{@link Target#POSTGRES}: {@code PLUGIPAY_TEST_POSTGRES_URL} (CI: the running PostgreSQL),
 *       else Testcontainers' {@code PostgreSQLContainer} ({@code PLUGIPAY_TEST_POSTGRES_IMAGE},
 *       default {@code postgres:16}).
 *   <li>{@link Target#H2_FILE}: an H2 database file under {@code target/}, nothing to provide.
 * </ul>
 *
 * With neither a URL nor a Docker engine the tests fail (never skip) with a message saying what to
 * provide. Each target is started and migrated once per JVM; {@link #freshStore} empties its tables.
 */
public final class TestDatabases {
  /** A database the store is tested on. */
  public enum Target { MYSQL, MARIADB, POSTGRES, H2_FILE }

  private static final Map<Target, HikariDataSource> POOLS = new ConcurrentHashMap<>();

  private TestDatabases() {}

  /** A pooled data source for the target, started and migrated once per JVM. */
  public static DataSource dataSource(Target target) {
    return POOLS.computeIfAbsent(target, TestDatabases::start);
  }

  /** The jOOQ dialect the target is spoken to with. */
  public static SQLDialect dialect(Target target) {
    return switch (target) {
      case MYSQL -> SQLDialect.MYSQL;
      case MARIADB -> SQLDialect.MARIADB;
      case POSTGRES -> SQLDialect.POSTGRES;
      case H2_FILE -> SQLDialect.H2;
    };
  }

  /** A store on the target whose tables are empty. */
  public static JooqSessionStore freshStore(Target target) {
    DataSource ds = dataSource(target);
    truncate(ds);
    return JooqSessionStore.builder().dataSource(ds).dialect(dialect(target)).build();
  }

  /** Deletes every engine row (sessions, keys, events) of the target. */
  public static void truncate(DataSource ds) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM plugipay_event");
      s.executeUpdate("DELETE FROM plugipay_payment_attempt");
      s.executeUpdate("DELETE FROM plugipay_unmatched_payment");
      s.executeUpdate("DELETE FROM plugipay_idempotency_key");
      s.executeUpdate("DELETE FROM plugipay_checkout_session");
    } catch (SQLException e) {
      throw new IllegalStateException("could not empty the test tables", e);
    }
  }

  private static HikariDataSource start(Target target) {
    HikariConfig config = switch (target) {
      // MySQL Connector/J does not support MariaDB servers (it reads their version as 5.5.5 and
      // drops fractional seconds), so a MariaDB-based image is spoken to with MariaDB's driver.
      case MYSQL -> mysqlImage().contains("mariadb")
          ? fromContainer(mysqlContainer(), "org.mariadb.jdbc.Driver", "mariadb")
          : fromContainer(mysqlContainer(), "com.mysql.cj.jdbc.Driver", "");
      case MARIADB -> env("PLUGIPAY_TEST_MARIADB_URL") != null
          ? fromUrl(env("PLUGIPAY_TEST_MARIADB_URL"))
          : fromContainer(mariadbContainer(), "org.mariadb.jdbc.Driver", "");
      case POSTGRES -> env("PLUGIPAY_TEST_POSTGRES_URL") != null
          ? fromUrl(env("PLUGIPAY_TEST_POSTGRES_URL"))
          : fromContainer(postgresContainer(), "org.postgresql.Driver", "");
      case H2_FILE -> fromUrl(h2FileUrl());
    };
    config.setPoolName("plugipay-test-" + target.name().toLowerCase());
    config.setMaximumPoolSize(12);
    config.setAutoCommit(true);
    HikariDataSource ds = new HikariDataSource(config);
    JooqSessionStore.builder().dataSource(ds).dialect(dialect(target)).build(); // migrate once
    return ds;
  }

  private static HikariConfig fromUrl(String url) {
    if (url.startsWith("jdbc:mariadb:")) {
      createMariaDbDatabaseIfMissing(url);
    }
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    return c;
  }

  private static HikariConfig fromContainer(JdbcDatabaseContainer<?> container, String driver,
      String scheme) {
    HikariConfig c = new HikariConfig();
    String url = container.getJdbcUrl();
    if (!scheme.isEmpty()) {
      url = url.replaceFirst("^jdbc:[a-z]+:", "jdbc:" + scheme + ":");
    }
    c.setJdbcUrl(url);
    c.setDriverClassName(driver);
    c.setUsername(container.getUsername());
    c.setPassword(container.getPassword());
    return c;
  }

  private static String h2FileUrl() {
    try {
      Path dir = Path.of("target", "h2");
      Files.createDirectories(dir);
      Path file = dir.resolve("plugipay-test-" + ProcessHandle.current().pid());
      return "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The MariaDB service's {@code test} database belongs to others; the tests use their own. */
  private static void createMariaDbDatabaseIfMissing(String url) {
    int slash = url.indexOf('/', "jdbc:mariadb://".length());
    int query = url.indexOf('?', slash);
    String database = url.substring(slash + 1, query < 0 ? url.length() : query);
    String serverUrl = url.substring(0, slash + 1) + (query < 0 ? "" : url.substring(query));
    try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE DATABASE IF NOT EXISTS `" + database + "`");
    } catch (SQLException e) {
      throw new IllegalStateException("PLUGIPAY_TEST_MARIADB_URL=" + url
          + " does not answer; start MariaDB or unset the variable to use Testcontainers", e);
    }
  }

  private static synchronized MySQLContainer<?> mysqlContainer() {
    requireDocker("MySQL/MariaDB", "PLUGIPAY_TEST_MARIADB_URL");
    if (mysql == null) {
      String image = mysqlImage();
      MySQLContainer<?> c = new MySQLContainer<>(
          DockerImageName.parse(image).asCompatibleSubstituteFor("mysql"));
      c.start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::stop)); // Ryuk may be disabled
      mysql = c;
    }
    return mysql;
  }

  private static String mysqlImage() {
    return envOr("PLUGIPAY_TEST_MYSQL_IMAGE", "mysql:8.4");
  }

  private static synchronized MariaDBContainer<?> mariadbContainer() {
    requireDocker("MariaDB", "PLUGIPAY_TEST_MARIADB_URL");
    if (mariadb == null) {
      String image = envOr("PLUGIPAY_TEST_MARIADB_IMAGE", "mariadb:10.11");
      MariaDBContainer<?> c = new MariaDBContainer<>(
          DockerImageName.parse(image).asCompatibleSubstituteFor("mariadb"));
      c.start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::stop)); // Ryuk may be disabled
      mariadb = c;
    }
    return mariadb;
  }

  private static synchronized PostgreSQLContainer<?> postgresContainer() {
    requireDocker("PostgreSQL", "PLUGIPAY_TEST_POSTGRES_URL");
    if (postgres == null) {
      String image = envOr("PLUGIPAY_TEST_POSTGRES_IMAGE", "postgres:16");
      PostgreSQLContainer<?> c = new PostgreSQLContainer<>(
          DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
      c.start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::stop)); // Ryuk may be disabled
      postgres = c;
    }
    return postgres;
  }

  private static MySQLContainer<?> mysql;
  private static MariaDBContainer<?> mariadb;
  private static PostgreSQLContainer<?> postgres;

  private static void requireDocker(String database, String urlVariable) {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (!docker) {
      throw new IllegalStateException("No " + database + " to test on: set " + urlVariable
          + " to a JDBC URL of a running server, or start a Docker engine so Testcontainers can"
          + " run one (see README, 'Tests').");
    }
  }

  private static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v;
  }

  private static String envOr(String name, String fallback) {
    String v = env(name);
    return v == null ? fallback : v;
  }
}
