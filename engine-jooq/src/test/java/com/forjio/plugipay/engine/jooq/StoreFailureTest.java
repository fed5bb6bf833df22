package com.forjio.plugipay.engine.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SQL failures name the operation, and a connection lost mid-create leaves no partial rows. */
class StoreFailureTest {

  private static final CheckoutSessionCreateParams PARAMS = CheckoutSessionCreateParams.builder()
      .amount(10_000).currency(Currency.IDR).methods(CheckoutMethod.VA)
      .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no").build();

  /** Statements 1..3 of a create are: key insert, session insert, event insert. */
  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void aConnectionLostDuringCreateLeavesNeitherSessionNorKeyNorEvent(int failingStatement)
      throws SQLException {
    for (Target target : new Target[] {Target.MARIADB, Target.POSTGRES, Target.H2_FILE}) {
      DataSource real = TestDatabases.dataSource(target);
      TestDatabases.truncate(real);
      AtomicInteger statements = new AtomicInteger();
      DataSource flaky = failingAfter(real, statements, failingStatement);
      try (JooqSessionStore store = JooqSessionStore.builder().dataSource(flaky)
              .dialect(TestDatabases.dialect(target)).migrate(false).build();
          PlugipayEngine engine = PlugipayEngine.builder().store(store)
              .expirySweepInterval(Duration.ZERO).build()) {
        assertThatThrownBy(() -> engine.checkoutSessions().create(PARAMS,
            RequestOptions.idempotencyKey("lost-" + failingStatement)))
            .isInstanceOfSatisfying(PlugipayException.class, e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.STORE_ERROR);
              assertThat(e.getMessage()).contains("'create'");
            });
      }
      assertThat(count(real, "plugipay_checkout_session")).as(target.name()).isZero();
      assertThat(count(real, "plugipay_idempotency_key")).as(target.name()).isZero();
      assertThat(count(real, "plugipay_event")).as(target.name()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Target.class, names = {"H2_FILE"})
  void anUnreachableDatabaseIsAStoreErrorNamingTheOperation(Target target) {
    DataSource real = TestDatabases.dataSource(target);
    AtomicInteger statements = new AtomicInteger();
    try (JooqSessionStore store = JooqSessionStore.builder()
        .dataSource(failingAfter(real, statements, 1)).dialect(TestDatabases.dialect(target))
        .migrate(false).build()) {
      assertThatThrownBy(() -> store.find("acct_default", "cs_01ARZ3NDEKTSV4RRFFQ69G5FAV"))
          .isInstanceOfSatisfying(PlugipayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORE_ERROR);
            assertThat(e.getMessage()).contains("'find'");
          });
    }
  }

  private static long count(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return ((Number) DSL.using(c).fetchValue("SELECT COUNT(*) FROM " + table)).longValue();
    }
  }

  /**
   * Connections whose n-th prepared statement (counted across connections) fails as a lost link;
   * H2's durability setting, run before every write, is not counted.
   */
  private static DataSource failingAfter(DataSource real, AtomicInteger counter, int n) {
    return FaultyConnections.wrap(real, (c, m, a, proceed) -> {
      if (m.getName().startsWith("prepare")
          && !SqlTransactions.H2_WRITE_AT_COMMIT.equals(a[0])
          && counter.incrementAndGet() >= n) {
        throw new SQLNonTransientConnectionException("connection reset (simulated)", "08006");
      }
      return proceed.call();
    });
  }

}
