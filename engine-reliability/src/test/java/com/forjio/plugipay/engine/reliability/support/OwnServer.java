package com.forjio.plugipay.engine.reliability.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A database server the test starts itself, in a temporary directory, on a free loopback port, so
 * that it can be killed ({@code kill -9} of its own processes, by PID) and restarted on the same
 * data directory. The shared services on 3306 and 5432 are never touched.
 *
 * <ul>
 *   <li>{@link #mariadb()}: {@code mariadb-install-db} then {@code mariadbd --no-defaults} as user
 *       {@code mysql} (the directory is chown'ed to it), grant tables skipped.
 *   <li>{@link #postgres()}: {@code initdb} and {@code postgres} run as user {@code postgres}
 *       through {@code runuser} (initdb refuses root); the postmaster's PID is read from
 *       {@code postmaster.pid}, and a kill takes it and all its backends.
 * </ul>
 */
public abstract class OwnServer implements AutoCloseable {
  protected final Path base;
  protected final int port;

  OwnServer(String prefix, String owner) {
    try {
      this.base = Files.createTempDirectory(prefix);
      this.port = freePort();
      run(base, List.of("chown", "-R", owner + ":" + owner, base.toString()), "chown");
      // a JVM that dies early must not leave the server running (Java does not kill children)
      Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-" + prefix + port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A MariaDB server of the test's own, started. */
  public static OwnServer mariadb() {
    OwnServer s = new OwnMariaDb();
    s.start();
    return s;
  }

  /** A PostgreSQL server of the test's own, started. */
  public static OwnServer postgres() {
    OwnServer s = new OwnPostgres();
    s.start();
    return s;
  }

  /** A JDBC URL of the server itself (MariaDB: no database; PostgreSQL: {@code postgres}). */
  public abstract String serverUrl();

  /** A fresh database of the suite's on this server. */
  public abstract TestDb createDatabase();

  /** Starts the server (again) on its data directory and waits until it answers. */
  public abstract void start();

  /** Kills every process of the server with SIGKILL and waits for them to be gone. */
  public abstract void kill9();

  /** Kills the server and deletes its directory. */
  @Override
  public void close() {
    try {
      kill9();
    } finally {
      TestDb.deleteTree(base);
    }
  }

  /** Waits (up to 90 s) until a JDBC connection to {@link #serverUrl()} succeeds. */
  protected void awaitAnswering(Process process, Path log) {
    Waits.until("the server on port " + port + " answering", Duration.ofSeconds(90), () -> {
      if (process != null && !process.isAlive()) {
        throw new AssertionError("server exited with " + process.exitValue() + ": " + tail(log));
      }
      try (Connection c = DriverManager.getConnection(serverUrl())) {
        return c.isValid(2);
      } catch (java.sql.SQLException e) {
        return false;
      }
    }, () -> tail(log));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs a command to its end; fails with its output when it does not exit 0. */
  static void run(Path dir, List<String> cmd, String what) {
    try {
      Path log = Files.createTempFile("pprel-cmd", ".log");
      try {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(what + " did not finish in 120 s: " + tail(log));
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(what + " exited " + p.exitValue() + ": " + tail(log));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The last lines of a log, for messages. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  /** Kills a process and all its descendants with SIGKILL, and waits until they are gone. */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.add(0, root);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("process " + h.pid() + " survived SIGKILL", e);
      }
    }
  }

  /** The test's own {@code mariadbd}. */
  static final class OwnMariaDb extends OwnServer {
    private final Path data = base.resolve("data");
    private Process process;
    private boolean installed;

    OwnMariaDb() {
      super("pprel-mariadb-", "mysql");
    }

    @Override
    public String serverUrl() {
      return "jdbc:mariadb://127.0.0.1:" + port + "/?user=root&connectTimeout=2000";
    }

    @Override
    public TestDb createDatabase() {
      return TestDb.mariadb(serverUrl());
    }

    @Override
    public void start() {
      if (!installed) {
        run(base, List.of("mariadb-install-db", "--no-defaults", "--user=mysql",
            "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db"),
            "mariadb-install-db");
        installed = true;
      }
      Path log = base.resolve("mariadbd.log");
      try {
        process = new ProcessBuilder("mariadbd", "--no-defaults", "--user=mysql",
            "--datadir=" + data, "--port=" + port, "--socket=" + base.resolve("sock"),
            "--bind-address=127.0.0.1", "--skip-grant-tables", "--skip-name-resolve",
            "--innodb-buffer-pool-size=64M", "--pid-file=" + base.resolve("pid"),
            "--log-error=" + log)
            .directory(base.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("stdout.log").toFile()))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      awaitAnswering(process, log);
    }

    @Override
    public void kill9() {
      if (process != null && process.isAlive()) {
        killTree(process.toHandle());
      }
    }
  }

  /** The test's own PostgreSQL postmaster. */
  static final class OwnPostgres extends OwnServer {
    private final Path data = base.resolve("data");
    private final String bin = postgresBin();
    private Process runuser;
    private boolean initialized;

    OwnPostgres() {
      super("pprel-pg-", "postgres");
    }

    @Override
    public String serverUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=2";
    }

    @Override
    public TestDb createDatabase() {
      return TestDb.postgres(serverUrl());
    }

    @Override
    public void start() {
      if (!initialized) {
        run(base, List.of("runuser", "-u", "postgres", "--", bin + "/initdb", "-D",
            data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale",
            "--no-sync"), "initdb");
        initialized = true;
      }
      Path log = base.resolve("postgres.log");
      try {
        runuser = new ProcessBuilder("runuser", "-u", "postgres", "--", bin + "/postgres", "-D",
            data.toString(), "-p", Integer.toString(port), "-k", base.toString(),
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=40",
            "-c", "shared_buffers=16MB")
            .directory(base.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      awaitAnswering(runuser, log);
    }

    @Override
    public void kill9() {
      Path pidFile = data.resolve("postmaster.pid");
      if (Files.exists(pidFile)) {
        try {
          long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
          ProcessHandle.of(pid).ifPresent(OwnServer::killTree);
        } catch (IOException | RuntimeException e) {
          // no postmaster (left already)
        }
      }
      if (runuser != null && runuser.isAlive()) {
        killTree(runuser.toHandle());
      }
    }

    private static String postgresBin() {
      File root = new File("/usr/lib/postgresql");
      String[] versions = root.list();
      if (versions == null || versions.length == 0) {
        throw new IllegalStateException("no PostgreSQL server binaries under /usr/lib/postgresql"
            + " (Debian's postgresql package)");
      }
      try (Stream<String> s = Stream.of(versions)) {
        String v = s.max(Comparator.comparingInt(x -> x.matches("\\d+") ? Integer.parseInt(x) : 0))
            .orElseThrow();
        return root + "/" + v + "/bin";
      }
    }
  }
}
