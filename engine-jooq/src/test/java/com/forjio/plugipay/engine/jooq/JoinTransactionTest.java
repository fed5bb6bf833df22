package com.forjio.plugipay.engine.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.jooq.TestDatabases.Target;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The caller's transaction decides: an order row and its checkout session commit or roll back
 * together, through {@link JooqSessionStore#joining} (plain JDBC / jOOQ) or through a data source
 * that hands out the transaction's connection (what Spring's TransactionAwareDataSourceProxy does).
 */
class JoinTransactionTest {

  private static CheckoutSessionCreateParams order(String orderId) {
    return CheckoutSessionCreateParams.builder().amount(50_000).currency(Currency.IDR)
        .methods(CheckoutMethod.VA).successUrl("https://shop.example/ok")
        .cancelUrl("https://shop.example/no").metadata(Map.of("order_id", orderId)).build();
  }

  private static void createOrdersTable(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      DSL.using(c).execute("CREATE TABLE IF NOT EXISTS shop_order (id VARCHAR(40) PRIMARY KEY, "
          + "session_id VARCHAR(40) NOT NULL)");
      DSL.using(c).execute("DELETE FROM shop_order");
    }
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return ((Number) DSL.using(c).fetchValue(sql)).longValue();
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void rollbackOfTheCallersTransactionLeavesNeitherOrderNorSessionNorEvent(Target target)
      throws SQLException {
    DataSource ds = TestDatabases.dataSource(target);
    createOrdersTable(ds);
    try (JooqSessionStore store = TestDatabases.freshStore(target);
        PlugipayEngine engine = PlugipayEngine.builder().store(store)
            .expirySweepInterval(Duration.ZERO).build()) {
      DSLContext app = DSL.using(ds, TestDatabases.dialect(target));
      assertThatThrownBy(() -> app.transaction(cfg -> store.joining(cfg, () -> {
        CheckoutSession s = engine.checkoutSessions().create(order("o_rollback"));
        DSL.using(cfg).execute("INSERT INTO shop_order (id, session_id) VALUES (?, ?)",
            "o_rollback", s.id());
        throw new IllegalStateException("payment page could not be rendered");
      }))).isInstanceOf(IllegalStateException.class);

      assertThat(count(ds, "SELECT COUNT(*) FROM shop_order")).isZero();
      assertThat(count(ds, "SELECT COUNT(*) FROM plugipay_checkout_session")).isZero();
      assertThat(count(ds, "SELECT COUNT(*) FROM plugipay_event")).isZero();
      assertThat(count(ds, "SELECT COUNT(*) FROM plugipay_idempotency_key")).isZero();
      // the derived key was rolled back too: the same order can be paid for afterwards
      assertThat(engine.checkoutSessions().create(order("o_rollback")).status())
          .isEqualTo(CheckoutSessionStatus.OPEN);
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void commitOfTheCallersTransactionKeepsOrderSessionAndEventTogether(Target target)
      throws SQLException {
    DataSource ds = TestDatabases.dataSource(target);
    createOrdersTable(ds);
    try (JooqSessionStore store = TestDatabases.freshStore(target);
        PlugipayEngine engine = PlugipayEngine.builder().store(store)
            .expirySweepInterval(Duration.ZERO).build()) {
      DSLContext app = DSL.using(ds, TestDatabases.dialect(target));
      String sessionId = app.transactionResult(cfg -> store.joining(cfg, () -> {
        CheckoutSession s = engine.checkoutSessions().create(order("o_commit"),
            RequestOptions.idempotencyKey("order-o_commit"));
        DSL.using(cfg).execute("INSERT INTO shop_order (id, session_id) VALUES (?, ?)",
            "o_commit", s.id());
        engine.checkoutSessions().confirm(s.id()); // same transaction: sees its own row
        return s.id();
      }));
      assertThat(count(ds, "SELECT COUNT(*) FROM shop_order")).isEqualTo(1);
      assertThat(engine.checkoutSessions().get(sessionId).status())
          .isEqualTo(CheckoutSessionStatus.COMPLETED);
      assertThat(count(ds, "SELECT COUNT(*) FROM plugipay_event")).isEqualTo(2);
    }
  }

  /** A data source whose connections are already inside the caller's transaction, as Spring's proxy. */
  @ParameterizedTest
  @EnumSource(value = Target.class, names = {"MARIADB", "POSTGRES", "H2_FILE"})
  void aConnectionThatArrivesInsideATransactionIsNeitherCommittedNorClosed(Target target)
      throws SQLException {
    DataSource pool = TestDatabases.dataSource(target);
    createOrdersTable(pool);
    TestDatabases.truncate(pool);
    try (Connection txConnection = pool.getConnection()) {
      txConnection.setAutoCommit(false);
      DataSource transactionAware = boundTo(txConnection);
      try (JooqSessionStore store = JooqSessionStore.builder().dataSource(transactionAware)
              .dialect(TestDatabases.dialect(target)).migrate(false).build();
          PlugipayEngine engine = PlugipayEngine.builder().store(store)
              .expirySweepInterval(Duration.ZERO).build()) {
        CheckoutSession s = engine.checkoutSessions().create(order("o_spring"));
        assertThat(store.insideCallerTransaction()).isTrue();
        DSL.using(txConnection).execute("INSERT INTO shop_order (id, session_id) VALUES (?, ?)",
            "o_spring", s.id());
        assertThat(count(pool, "SELECT COUNT(*) FROM plugipay_checkout_session"))
            .as("not visible to others before the caller commits").isZero();
        txConnection.rollback();
        assertThat(count(pool, "SELECT COUNT(*) FROM plugipay_checkout_session")).isZero();
        assertThat(count(pool, "SELECT COUNT(*) FROM shop_order")).isZero();
      } finally {
        txConnection.setAutoCommit(true);
      }
    }
  }

  /** Hands out {@code c} wrapped so that close() does nothing, like a transaction-bound proxy. */
  private static DataSource boundTo(Connection c) {
    Connection unclosable = (Connection) Proxy.newProxyInstance(
        JoinTransactionTest.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> "close".equals(method.getName()) ? null : method.invoke(c, args));
    return (DataSource) Proxy.newProxyInstance(JoinTransactionTest.class.getClassLoader(),
        new Class<?>[] {DataSource.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getConnection" -> unclosable;
          case "unwrap", "isWrapperFor" -> throw new SQLException("not a wrapper");
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
