package com.forjio.plugipay.engine.reliability.support;

import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jooq.SQLDialect;

/**
 * One database of the suite's own: an H2 file under {@code target/}, or a database created for
 * this run on the shared MariaDB or PostgreSQL service ({@code plugipay_rel_<pid>_<n>}), or on a
 * server the test started itself. {@link #close()} drops it. The shared services are found as
 * {@code engine-jooq}'s {@code TestDatabases} finds them ({@code PLUGIPAY_TEST_MARIADB_URL},
 * {@code PLUGIPAY_TEST_POSTGRES_URL}), defaulting to the loopback services; a service that does not
 * answer fails the test with a message (nothing is skipped).
 */
public final class TestDb implements AutoCloseable {
  /** The kind of database. */
  public enum Kind { H2_FILE, MARIADB, POSTGRES, MYSQL_CONTAINER }

  private static final AtomicInteger SEQ = new AtomicInteger();
  /** Databases not dropped yet: a shutdown hook drops them if a test could not. */
  private static final java.util.Set<TestDb> OPEN =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (TestDb db : OPEN) {
        try {
          db.close();
        } catch (RuntimeException e) {
          // the server may be gone (an own server already killed)
        }
      }
    }, "reliability-drop-databases"));
  }

  private final Kind kind;
  private final String url;
  private final String user;
  private final String name;
  private final Runnable drop;
  private String password = "";

  TestDb(Kind kind, String url, String user, String name, Runnable drop) {
    this.kind = kind;
    this.url = url;
    this.user = user;
    this.name = name;
    this.drop = drop;
    OPEN.add(this);
  }

  /** A fresh database of {@code kind} on the shared services (or an H2 file). */
  public static TestDb create(Kind kind) {
    return switch (kind) {
      case H2_FILE -> h2File();
      case MARIADB -> mariadb(sharedMariaDbServerUrl());
      case POSTGRES -> postgres(sharedPostgresServerUrl());
      case MYSQL_CONTAINER -> MySqlContainer.database();
    };
  }

  /**
   * An H2 database file in {@code target/reliability-h2}, addressed by the URL form the README
   * recommends ({@code jdbc:h2:file:<path>}, no options).
   */
  public static TestDb h2File() {
    try {
      Path dir = Path.of("target", "reliability-h2").toAbsolutePath();
      Files.createDirectories(dir);
      String name = "rel-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
      Path base = dir.resolve(name);
      return new TestDb(Kind.H2_FILE, "jdbc:h2:file:" + base, "sa", name, () -> {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path p : files.filter(p -> p.getFileName().toString().startsWith(name + "."))
              .toList()) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new database on the MariaDB server at {@code serverUrl} ({@code jdbc:mariadb://h:p/?user=..}). */
  public static TestDb mariadb(String serverUrl) {
    String name = "plugipay_rel_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
    execute(serverUrl, "CREATE DATABASE `" + name + "`", "MariaDB");
    String url = withDatabase(serverUrl, name);
    return new TestDb(Kind.MARIADB, url, null, name,
        () -> execute(serverUrl, "DROP DATABASE IF EXISTS `" + name + "`", "MariaDB"));
  }

  /** A new database on the PostgreSQL server at {@code serverUrl} (its {@code postgres} database). */
  public static TestDb postgres(String serverUrl) {
    String name = "plugipay_rel_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
    execute(serverUrl, "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0",
        "PostgreSQL");
    String url = withDatabase(serverUrl, name);
    return new TestDb(Kind.POSTGRES, url, null, name,
        () -> execute(serverUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "PostgreSQL"));
  }

  /** The shared MariaDB service, without a database in the URL. */
  public static String sharedMariaDbServerUrl() {
    String env = System.getenv("PLUGIPAY_TEST_MARIADB_URL");
    return withDatabase(env == null || env.isBlank()
        ? "jdbc:mariadb://127.0.0.1:3306/?user=root" : env, "");
  }

  /** The shared PostgreSQL service, on its {@code postgres} database. */
  public static String sharedPostgresServerUrl() {
    String env = System.getenv("PLUGIPAY_TEST_POSTGRES_URL");
    return withDatabase(env == null || env.isBlank()
        ? "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres" : env, "postgres");
  }

  /** {@code url} with its database (the path after host:port) replaced by {@code database}. */
  static String withDatabase(String url, String database) {
    int hostStart = url.indexOf("//") + 2;
    int slash = url.indexOf('/', hostStart);
    int query = url.indexOf('?', hostStart);
    String hostPort = url.substring(0, slash >= 0 ? slash : query >= 0 ? query : url.length());
    String rest = query >= 0 ? url.substring(query) : "";
    return hostPort + "/" + database + rest;
  }

  private static void execute(String url, String sql, String what) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(what + " at " + url + " did not answer '" + sql + "' ("
          + e.getMessage() + "). The reliability suite needs it: start the service (CI's .ci/run"
          + " does) or point PLUGIPAY_TEST_MARIADB_URL / PLUGIPAY_TEST_POSTGRES_URL at one.", e);
    }
  }

  /** The kind of database. */
  public Kind kind() {
    return kind;
  }

  /** Its JDBC URL (user in the URL for the servers). */
  public String url() {
    return url;
  }

  /** The user to pass beside the URL (H2's), or null when the URL names it. */
  public String user() {
    return user;
  }

  /** Sets the password used with {@link #user()}. */
  TestDb password(String password) {
    this.password = password;
    return this;
  }

  /** The database's name. */
  public String name() {
    return name;
  }

  /** The jOOQ dialect. */
  public SQLDialect dialect() {
    return switch (kind) {
      case H2_FILE -> SQLDialect.H2;
      case MARIADB -> SQLDialect.MARIADB;
      case POSTGRES -> SQLDialect.POSTGRES;
      case MYSQL_CONTAINER -> url.startsWith("jdbc:mariadb:") ? SQLDialect.MARIADB : SQLDialect.MYSQL;
    };
  }

  /** A HikariCP pool on this database. */
  public HikariDataSource pool(int size, long connectionTimeoutMillis) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    if (user != null) {
      c.setUsername(user);
      c.setPassword(password);
    }
    c.setPoolName("rel-" + name);
    c.setMaximumPoolSize(size);
    c.setAutoCommit(true);
    c.setConnectionTimeout(connectionTimeoutMillis);
    c.setValidationTimeout(Math.min(1_000, connectionTimeoutMillis - 250));
    c.setInitializationFailTimeout(30_000);
    return new HikariDataSource(c);
  }

  /** A store on the given pool (the pool stays the caller's). */
  public JooqSessionStore store(javax.sql.DataSource ds) {
    return JooqSessionStore.builder().dataSource(ds).dialect(dialect()).build();
  }

  /** Drops the database (deletes the H2 files). */
  @Override
  public void close() {
    if (OPEN.remove(this)) {
      drop.run();
      System.out.println("[reliability] dropped " + this);
    }
  }

  /** Deletes a directory tree, quietly. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  @Override
  public String toString() {
    return kind + " " + name;
  }
}
