package com.forjio.plugipay.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.forjio.plugipay.engine.reliability.support.Drain;
import com.forjio.plugipay.engine.reliability.support.Figures;
import com.forjio.plugipay.engine.reliability.support.Invariants;
import com.forjio.plugipay.engine.reliability.support.Ledger;
import com.forjio.plugipay.engine.reliability.support.TestDb;
import com.forjio.plugipay.engine.reliability.support.TestDb.Kind;
import com.forjio.plugipay.engine.reliability.support.Waits;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Durability against the death of the application: {@code kill -9} of the JVM that embeds the
 * engine, in the middle of a load of creates, cancels and confirms.
 *
 * <p>A child JVM ({@link LoadChild}, started with this test's class path and {@code java.home})
 * runs the load on a database of its own and writes each operation to a ledger file only after the
 * engine acknowledged it. Once it has acknowledged a few hundred operations and run for two seconds,
 * the test kills it with {@code Process.destroyForcibly()} (SIGKILL: no shutdown hook, no flush).
 * Then it opens a new store on the same database and proves that what the engine acknowledged is
 * what the database holds: every acknowledged create is there with its {@code created} event and
 * its key still answers with that session, every acknowledged cancel or confirm is the session's
 * status with its event, no key has two sessions, no key points at a missing session, and a new
 * engine with a listener delivers every event left pending in the outbox.
 *
 * <p>Run on the H2 file (the README's URL form, {@code jdbc:h2:file:<path>}), MariaDB and
 * PostgreSQL. Until issue 17 defect 1 is fixed the H2 case fails: H2's default write delay lets the
 * engine acknowledge writes that are not yet on disk.
 */
class ChildJvmKillTest {
  private static final String ACCOUNT = "acct_kill";

  @ParameterizedTest
  @EnumSource(value = Kind.class, names = {"H2_FILE", "MARIADB", "POSTGRES"})
  void killMinusNineMidLoadLosesNothingAcknowledged(Kind kind) throws Exception {
    Figures f = new Figures("kill-child-jvm", "kill -9 of the engine's JVM mid-load, " + kind);
    List<String> problems = new ArrayList<>();
    Path dir = Files.createDirectories(Path.of("target", "reliability"));
    Path ledgerFile = dir.resolve("kill-" + kind + ".ledger");
    Path log = dir.resolve("kill-" + kind + ".child.log");
    Files.deleteIfExists(ledgerFile);
    Files.createFile(ledgerFile);
    try (TestDb db = TestDb.create(kind)) {
      Process child = startChild(db, ledgerFile, log);
      long start = System.nanoTime();
      try {
        Waits.until("the child acknowledging 300 operations in 2 s or more", Duration.ofSeconds(60),
            () -> child.isAlive() && lines(ledgerFile) >= 300
                && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(2),
            () -> "alive=" + child.isAlive() + ", acknowledged=" + lines(ledgerFile) + "; see " + log);
      } finally {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
      }
      f.put("load_ms", (System.nanoTime() - start) / 1_000_000).put("exit", child.exitValue());
      Ledger ledger = Ledger.read(ledgerFile);
      f.put("acked_creates", ledger.creates().size())
          .put("acked_transitions", ledger.transitions().size());

      try (HikariDataSource ds = db.pool(4, 10_000);
          JooqSessionStore store = db.store(ds)) {
        // beyond the dead engine's 30 s outbox leases, which must lapse first
        String drained = Drain.drain(store, ds, f, Duration.ofSeconds(60));
        if (drained != null) {
          problems.add(drained);
        }
        try (PlugipayEngine engine = PlugipayEngine.builder().store(store)
            .expirySweepInterval(Duration.ZERO).build()) {
          Invariants inv = new Invariants()
              .checkLedger(ledger, store, engine, ACCOUNT, f)
              .checkOneSessionPerKey(engine, ACCOUNT, f)
              .checkRows(ds, f);
          problems.addAll(inv.problems());
        }
      } catch (RuntimeException e) {
        problems.add("recovery failed: " + e);
        f.put("recovery_error", e.toString());
      }
    } finally {
      f.put("problems", problems.size()).write();
    }
    assertThat(f.get("acked_creates")).as("the child did real work").isGreaterThan(100);
    assertThat(problems).as("what %s lost or left half-written after kill -9", kind).isEmpty();
  }

  private static Process startChild(TestDb db, Path ledgerFile, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> cmd = List.of(java, "-Xmx256m", "-cp", classPath, LoadChild.class.getName(),
        db.url(), db.user() == null ? "-" : db.user(), ACCOUNT,
        ledgerFile.toAbsolutePath().toString(), "4");
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  private static long lines(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      long n = 0;
      for (byte b : bytes) {
        if (b == '\n') {
          n++;
        }
      }
      return n;
    } catch (IOException e) {
      return 0;
    }
  }

  static String text(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
