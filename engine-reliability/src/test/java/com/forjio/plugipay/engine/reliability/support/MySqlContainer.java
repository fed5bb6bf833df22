package com.forjio.plugipay.engine.reliability.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The MySQL target as {@code engine-jooq}'s {@code TestDatabases} defines it: Testcontainers'
 * {@code MySQLContainer} on {@code PLUGIPAY_TEST_MYSQL_IMAGE} (default {@code mysql:8.4}; CI builds a
 * local MariaDB-based image, spoken to with MariaDB's driver, as Connector/J does not support
 * MariaDB servers). Started once per JVM; each {@link #database()} is a database of its own on it.
 * Without Docker the test fails with a message.
 */
final class MySqlContainer {
  private static MySQLContainer<?> container;

  private MySqlContainer() {}

  static synchronized TestDb database() {
    if (container == null) {
      boolean docker;
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException e) {
        docker = false;
      }
      if (!docker) {
        throw new IllegalStateException("The MySQL target needs a Docker engine for Testcontainers"
            + " (CI: .ci/docker-up.sh and .ci/mysql-image.sh, then source .ci/test-env.sh)");
      }
      MySQLContainer<?> c = new MySQLContainer<>(DockerImageName.parse(image())
          .asCompatibleSubstituteFor("mysql"));
      c.start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::stop));
      container = c;
    }
    boolean mariadb = image().contains("mariadb");
    String url = container.getJdbcUrl();
    if (mariadb) {
      url = url.replaceFirst("^jdbc:mysql:", "jdbc:mariadb:");
    }
    String name = "plugipay_rel_" + System.nanoTime();
    String server = TestDb.withDatabase(url, "");
    execute(server, "CREATE DATABASE `" + name + "`");
    return new TestDb(TestDb.Kind.MYSQL_CONTAINER, TestDb.withDatabase(url, name), "root", name,
        () -> execute(server, "DROP DATABASE IF EXISTS `" + name + "`"))
        .password(container.getPassword());
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url, "root", container.getPassword());
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("the MySQL container did not answer '" + sql + "'", e);
    }
  }

  private static String image() {
    String v = System.getenv("PLUGIPAY_TEST_MYSQL_IMAGE");
    return v == null || v.isBlank() ? "mysql:8.4" : v;
  }
}
