package com.forjio.plugipay.engine.reliability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A three-node MariaDB Galera cluster on loopback, started and stopped by the test, following
 * {@code shared/reference/galera.md}: node N listens on 331N (SQL), 456N (group communication),
 * 457N (IST) and 458N (rsync SST), in a temporary directory owned by {@code mysql}. Node 1 is
 * installed and bootstraps the cluster ({@code --wsrep-new-cluster}); nodes 2 and 3 start empty and
 * join by a full state transfer. Needs Debian's {@code mariadb-server}, {@code galera-4} and
 * {@code rsync} ({@code .ci/galera.sh} installs them); their absence fails the test with a message.
 */
public final class GaleraCluster implements AutoCloseable {
  private static final String PROVIDER = "/usr/lib/galera/libgalera_smm.so";
  private final Path base;
  private final Process[] nodes = new Process[3];

  private GaleraCluster(Path base) {
    this.base = base;
  }

  /** Starts the three nodes and waits until all are synced in one cluster of three. */
  public static GaleraCluster start() {
    if (!Files.exists(Path.of(PROVIDER)) || !Files.exists(Path.of("/usr/bin/rsync"))) {
      throw new IllegalStateException("Galera needs " + PROVIDER + " and rsync: apt-get install"
          + " galera-4 rsync (CI: .ci/galera.sh)");
    }
    for (int n = 1; n <= 3; n++) {
      for (int port : new int[] {3310 + n, 4560 + n, 4570 + n, 4580 + n}) {
        requireFree(port);
      }
    }
    GaleraCluster c;
    try {
      c = new GaleraCluster(Files.createTempDirectory("pprel-galera-"));
      GaleraCluster cluster = c; // a JVM that dies early must not leave the nodes running
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-galera"));
      for (int n = 1; n <= 3; n++) {
        Files.createDirectories(c.base.resolve("d" + n));
        Files.writeString(c.base.resolve("n" + n + ".cnf"), c.config(n), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      OwnServer.run(c.base, List.of("chown", "-R", "mysql:mysql", c.base.toString()), "chown");
      OwnServer.run(c.base, List.of("mariadb-install-db", "--defaults-file=" + c.cnf(1),
          "--auth-root-authentication-method=normal", "--skip-test-db"), "mariadb-install-db");
      c.startNode(1, true);
      c.startNode(2, false);
      c.startNode(3, false);
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  private static void requireFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " is taken; the Galera test needs 3311-3313"
          + " and 4561-4583 free on 127.0.0.1 (another Galera run still up?)", e);
    }
  }

  private Path cnf(int n) {
    return base.resolve("n" + n + ".cnf");
  }

  private String config(int n) {
    return String.join("\n",
        "[mysqld]",
        "datadir=" + base.resolve("d" + n),
        "socket=" + base.resolve("n" + n + ".sock"),
        "port=" + (3310 + n),
        "bind-address=127.0.0.1",
        "user=mysql",
        "skip-grant-tables",
        "skip-name-resolve",
        "binlog_format=ROW",
        "default_storage_engine=InnoDB",
        "innodb_autoinc_lock_mode=2",
        "innodb_buffer_pool_size=64M",
        "innodb_log_file_size=16M",
        "log_error=" + base.resolve("n" + n + ".err"),
        "pid_file=" + base.resolve("n" + n + ".pid"),
        "wsrep_on=ON",
        "wsrep_provider=" + PROVIDER,
        "wsrep_cluster_name=pprel",
        "wsrep_cluster_address=gcomm://127.0.0.1:4561,127.0.0.1:4562,127.0.0.1:4563",
        "wsrep_node_address=127.0.0.1:" + (4560 + n),
        "wsrep_provider_options=\"gmcast.listen_addr=tcp://127.0.0.1:" + (4560 + n)
            + ";ist.recv_addr=127.0.0.1:" + (4570 + n) + ";gcache.size=32M\"",
        "wsrep_sst_method=rsync",
        "wsrep_sst_receive_address=127.0.0.1:" + (4580 + n),
        "");
  }

  private void startNode(int n, boolean bootstrap) {
    try {
      List<String> cmd = bootstrap
          ? List.of("mariadbd", "--defaults-file=" + cnf(n), "--wsrep-new-cluster")
          : List.of("mariadbd", "--defaults-file=" + cnf(n));
      nodes[n - 1] = new ProcessBuilder(cmd).directory(base.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("n" + n + ".out").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path log = base.resolve("n" + n + ".err");
    Waits.until("Galera node " + n + " synced", Duration.ofSeconds(120), () -> {
      if (!nodes[n - 1].isAlive()) {
        throw new AssertionError("node " + n + " exited: " + OwnServer.tail(log));
      }
      return "Synced".equals(status(n, "wsrep_local_state_comment"))
          && Integer.parseInt(status(n, "wsrep_cluster_size")) == n;
    }, () -> OwnServer.tail(log));
  }

  /** A status variable of node {@code n} (1..3). */
  public String status(int n, String variable) {
    try (Connection c = DriverManager.getConnection(serverUrl(n));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW STATUS LIKE '" + variable + "'")) {
      return r.next() ? r.getString(2) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JDBC URL of node {@code n} (1..3), without a database. */
  public String serverUrl(int n) {
    return "jdbc:mariadb://127.0.0.1:" + (3310 + n) + "/?user=root&connectTimeout=2000";
  }

  /** Kills node {@code n}'s {@code mariadbd} with SIGKILL and waits until it is gone. */
  public void kill9(int n) {
    Process p = nodes[n - 1];
    if (p != null && p.isAlive()) {
      OwnServer.killTree(p.toHandle());
    }
  }

  /** Where the nodes' logs are. */
  public Path base() {
    return base;
  }

  /** Kills every node and deletes the directory. */
  @Override
  public void close() {
    for (int n = 1; n <= 3; n++) {
      try {
        kill9(n);
      } catch (RuntimeException e) {
        // go on with the others
      }
    }
    TestDb.deleteTree(base);
  }
}
