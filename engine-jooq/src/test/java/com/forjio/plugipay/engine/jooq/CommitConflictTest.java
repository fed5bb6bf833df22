package com.forjio.plugipay.engine.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17, defect 4: on a Galera cluster a create that loses a same-key race to another node is
 * refused at commit (a certification conflict, reported as a deadlock with SQL state 40001), and
 * its caller got {@code store_error}. A commit refused so rolled the transaction back whole, so the
 * store runs it again; the loser then finds the winner's key and returns the winner's session. The
 * conflict is injected at commit on each store: the real transaction is rolled back, the rival's
 * create commits, then the commit reports the conflict, as a Galera node would.
 */
class CommitConflictTest {
  private static final CheckoutSessionCreateParams PARAMS = CheckoutSessionCreateParams.builder()
      .amount(10_000).currency(Currency.IDR).methods(CheckoutMethod.VA)
      .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no").build();

  @ParameterizedTest
  @EnumSource(value = Target.class, names = {"MARIADB", "POSTGRES", "H2_FILE"})
  void aCreateRefusedAtCommitRunsAgainAndReturnsTheWinnersSession(Target target) {
    DataSource real = TestDatabases.dataSource(target);
    TestDatabases.truncate(real);
    try (JooqSessionStore rivalStore = store(real, target);
        PlugipayEngine rival = engine(rivalStore)) {
      CheckoutSession[] winner = new CheckoutSession[1];
      AtomicInteger refused = new AtomicInteger();
      DataSource galera = refusingCommits(real, 1, refused, () -> winner[0] = rival
          .checkoutSessions().create(PARAMS, RequestOptions.idempotencyKey("race")));
      try (JooqSessionStore loserStore = store(galera, target);
          PlugipayEngine loser = engine(loserStore)) {
        CheckoutSession got = loser.checkoutSessions().create(PARAMS,
            RequestOptions.idempotencyKey("race"));
        assertThat(refused).hasValue(1);
        assertThat(got.id()).as("the loser receives the winner's session").isEqualTo(winner[0].id());
        assertThat(rival.checkoutSessions().list().data()).hasSize(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Target.class, names = {"MARIADB", "POSTGRES", "H2_FILE"})
  void aTransitionRefusedAtCommitRunsAgainAndWritesOneEvent(Target target) {
    DataSource real = TestDatabases.dataSource(target);
    TestDatabases.truncate(real);
    try (JooqSessionStore plain = store(real, target); PlugipayEngine setup = engine(plain)) {
      CheckoutSession s = setup.checkoutSessions().create(PARAMS);
      AtomicInteger refused = new AtomicInteger();
      try (JooqSessionStore store = store(refusingCommits(real, 1, refused, () -> { }), target);
          PlugipayEngine engine = engine(store)) {
        assertThat(engine.checkoutSessions().cancel(s.id()).status())
            .isEqualTo(CheckoutSessionStatus.CANCELED);
        assertThat(refused).hasValue(1);
      }
      assertThat(plain.events("acct_default", s.id())).extracting(CheckoutSessionEvent::type)
          .containsExactly(CheckoutSessionEvent.TYPE_CREATED, CheckoutSessionEvent.TYPE_CANCELED);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Target.class, names = {"MARIADB", "POSTGRES", "H2_FILE"})
  void aCommitWhoseOutcomeIsUnknownIsAStoreErrorNotARetry(Target target) {
    DataSource real = TestDatabases.dataSource(target);
    TestDatabases.truncate(real);
    AtomicInteger refused = new AtomicInteger();
    DataSource lost = intercepting(real, c -> {
      refused.incrementAndGet();
      throw new SQLTransientConnectionException("connection reset during commit (simulated)",
          "08006");
    }, 1);
    try (JooqSessionStore store = store(lost, target); PlugipayEngine engine = engine(store)) {
      assertThatThrownBy(() -> engine.checkoutSessions().create(PARAMS,
          RequestOptions.idempotencyKey("unknown")))
          .isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORE_ERROR);
            assertThat(e.getMessage()).contains("'create'");
          });
      assertThat(refused).as("not run again: the commit may have happened").hasValue(1);
    }
  }

  private static JooqSessionStore store(DataSource ds, Target target) {
    return JooqSessionStore.builder().dataSource(ds).dialect(TestDatabases.dialect(target))
        .migrate(false).build();
  }

  private static PlugipayEngine engine(JooqSessionStore store) {
    return PlugipayEngine.builder().store(store).expirySweepInterval(Duration.ZERO).build();
  }

  /**
   * Connections whose first {@code times} commits are refused as a Galera certification conflict:
   * the transaction is rolled back, {@code rival} runs, then the commit fails with 40001.
   */
  private static DataSource refusingCommits(DataSource real, int times, AtomicInteger refused,
      Runnable rival) {
    return intercepting(real, c -> {
      refused.incrementAndGet();
      c.rollback();
      rival.run();
      throw new SQLTransactionRollbackException("Deadlock found when trying to get lock; try"
          + " restarting transaction (simulated certification conflict)", "40001", 1213);
    }, times);
  }

  /** What a connection does instead of its commit. */
  private interface CommitFault {
    void commit(Connection real) throws SQLException;
  }

  private static DataSource intercepting(DataSource real, CommitFault fault, int times) {
    AtomicInteger left = new AtomicInteger(times);
    return FaultyConnections.wrap(real, (c, m, a, proceed) -> {
      if (m.getName().equals("commit") && left.getAndDecrement() > 0) {
        fault.commit(c);
        return null;
      }
      return proceed.call();
    });
  }

}
