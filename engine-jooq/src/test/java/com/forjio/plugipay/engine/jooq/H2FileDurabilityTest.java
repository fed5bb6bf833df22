package com.forjio.plugipay.engine.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.spi.StoredSession;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 1: with the URL form the README recommends ({@code jdbc:h2:file:...}, nothing
 * else), a JVM killed with SIGKILL lost what H2 had acknowledged in its last write delay. A child JVM
 * creates and cancels sessions and prints each acknowledged operation; it is killed mid-load; then
 * every acknowledged create is there with its event, every acknowledged cancel is cancelled, every
 * key leads to its one session, and a new engine on the file drains the outbox the dead one left.
 * Both with the store's own pool and with the application's pool on the same bare URL.
 */
class H2FileDurabilityTest {
  private static final String ACCOUNT = "acct_default";

  @Test
  void nothingAcknowledgedIsLostWhenTheProcessIsKilled() throws Exception {
    // Both pools at once: what takes time is the dead engine's outbox leases lapsing (30 s).
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      Future<String> own = both.submit(() -> crashAndRecover("hikari"));
      Future<String> app = both.submit(() -> crashAndRecover("dataSource"));
      System.out.println(own.get(3, TimeUnit.MINUTES));
      System.out.println(app.get(3, TimeUnit.MINUTES));
    } finally {
      both.shutdownNow();
    }
  }

  @Test
  void aUserWhoCannotMakeH2DurableIsRefusedAtBuild() throws Exception {
    Path file = Files.createDirectories(Path.of("target", "h2-crash")).resolve("user-" + System.nanoTime());
    String url = "jdbc:h2:file:" + file.toAbsolutePath();
    HikariConfig admin = new HikariConfig();
    admin.setJdbcUrl(url);
    admin.setUsername("sa");
    HikariConfig app = new HikariConfig();
    app.setJdbcUrl(url);
    app.setUsername("app");
    app.setPassword("app-secret");
    try (HikariDataSource sa = new HikariDataSource(admin)) {
      JooqSessionStore.builder().dataSource(sa).build().close();
      try (Connection c = sa.getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE USER app PASSWORD 'app-secret'");
        st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO app");
      }
      try (HikariDataSource user = new HikariDataSource(app)) {
        assertThatThrownBy(() -> JooqSessionStore.builder().dataSource(user).migrate(false).build())
            .isInstanceOfSatisfying(PlugipayException.class, e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
              assertThat(e.param()).isEqualTo("dataSource");
              assertThat(e.getMessage()).contains("WRITE_DELAY");
            });
      }
    }
  }

  private String crashAndRecover(String pool) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "h2-crash"));
    Path file = dir.resolve("crash-" + pool + "-" + System.nanoTime());
    String url = "jdbc:h2:file:" + file.toAbsolutePath();

    Map<Integer, String> created = new LinkedHashMap<>();
    Set<String> canceled = ConcurrentHashMap.newKeySet();
    runAndKill(url, pool, created, canceled);
    assertThat(created).as("the child acknowledged creates before it was killed").hasSizeGreaterThan(50);

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("sa");
    try (HikariDataSource ds = new HikariDataSource(config);
        JooqSessionStore store = JooqSessionStore.builder().dataSource(ds).build()) {
      List<String> lost = new ArrayList<>();
      List<String> reopened = new ArrayList<>();
      for (String id : created.values()) {
        StoredSession s = store.find(ACCOUNT, id).orElse(null);
        if (s == null) {
          lost.add(id);
          continue;
        }
        List<String> types = store.events(ACCOUNT, id).stream().map(CheckoutSessionEvent::type).toList();
        assertThat(types).as(id).startsWith(CheckoutSessionEvent.TYPE_CREATED);
        if (canceled.contains(id)) {
          if (s.session().status() != CheckoutSessionStatus.CANCELED) {
            reopened.add(id);
          }
          assertThat(types).as(id).contains(CheckoutSessionEvent.TYPE_CANCELED);
        }
      }
      assertThat(lost).as("%s pool: acknowledged creates lost of %s", pool, created.size()).isEmpty();
      assertThat(reopened).as("%s pool: acknowledged cancels undone of %s", pool, canceled.size())
          .isEmpty();
      assertThat(scalar(ds, "SELECT COUNT(*) FROM plugipay_idempotency_key k WHERE NOT EXISTS"
          + " (SELECT 1 FROM plugipay_checkout_session s WHERE s.id = k.session_id)"))
          .as("keys without their session").isZero();

      long pendingAtStart = scalar(ds, "SELECT COUNT(*) FROM plugipay_event WHERE pending");
      Instant restart = Instant.now();
      try (PlugipayEngine engine = PlugipayEngine.builder().store(store)
          .expirySweepInterval(Duration.ZERO).listener(e -> { }).build()) {
        // the dead engine's leases lapse 30 s after it took them; then the rest goes at once
        Instant deadline = restart.plusSeconds(45);
        while (scalar(ds, "SELECT COUNT(*) FROM plugipay_event WHERE pending") > 0) {
          assertThat(Instant.now()).as("%s pool: outbox drained (%s pending at restart)", pool,
              pendingAtStart).isBefore(deadline);
          Thread.sleep(50);
        }
        Duration drain = Duration.between(restart, Instant.now());
        created.forEach((i, id) -> assertThat(engine.checkoutSessions().create(params(i),
            RequestOptions.idempotencyKey("crash-" + i)).id()).as("key crash-%s", i).isEqualTo(id));
        return String.format("H2 file kill -9 (%s pool): %d creates and %d cancels acknowledged,"
            + " 0 lost; %d events pending at restart, drained in %d ms", pool, created.size(),
            canceled.size(), pendingAtStart, drain.toMillis());
      }
    }
  }

  private static CheckoutSessionCreateParams params(int i) {
    return CheckoutSessionCreateParams.builder().amount(10_000 + i).currency(Currency.IDR)
        .methods(CheckoutMethod.VA).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no").build();
  }

  /** Runs the writer until it has acknowledged a few hundred operations, then kills it (SIGKILL). */
  private static void runAndKill(String url, String pool, Map<Integer, String> created,
      Set<String> canceled) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        H2CrashWriter.class.getName(), url, pool).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      Instant deadline = Instant.now().plusSeconds(60);
      String line;
      while ((line = out.readLine()) != null) {
        record(line, created, canceled);
        if (created.size() >= 400 || Instant.now().isAfter(deadline)) {
          break;
        }
      }
      // SIGKILL (by its handle, which leaves the pipe open to read what it printed last): no
      // shutdown hook, no close; whatever H2 had not written is gone
      child.toHandle().destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
      // what the child printed before it died was acknowledged too
      while ((line = out.readLine()) != null) {
        record(line, created, canceled);
      }
    } finally {
      child.destroyForcibly();
    }
  }

  private static long scalar(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Records one line of the child's output; a line cut short by the kill is not an acknowledgement. */
  private static void record(String line, Map<Integer, String> created, Set<String> canceled) {
    String[] parts = line.split(" ");
    if (parts[0].equals("created") && parts.length == 3 && parts[2].length() == 29) {
      synchronized (created) {
        created.put(Integer.parseInt(parts[1]), parts[2]);
      }
    } else if (parts[0].equals("canceled") && parts.length == 2 && parts[1].length() == 29) {
      canceled.add(parts[1]);
    }
  }
}
