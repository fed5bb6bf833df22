package com.forjio.plugipay.engine.jooq;

import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Runs each store operation in one short transaction — or inside the caller's.
 *
 * <h2>Whose transaction</h2>
 * <ol>
 *   <li>A connection bound to this thread with {@link #joining} (plain JDBC or jOOQ
 *       {@code transactionResult}): the operation runs on it and never commits, rolls back or closes
 *       it; the caller's commit or rollback decides for the order and the session together.
 *   <li>A connection from the data source that arrives with auto-commit off: it belongs to a
 *       transaction someone else manages (Spring's {@code TransactionAwareDataSourceProxy} hands out
 *       the transaction's connection this way), so again the operation only runs statements.
 *   <li>Otherwise the operation opens its own transaction on a pooled auto-commit connection,
 *       commits it, and returns the connection. (Pools must hand out auto-commit connections, the
 *       JDBC and HikariCP default.)
 * </ol>
 *
 * <h2>Durable on H2 too</h2>
 * H2 acknowledges a commit before writing it: its store writes changes to the file in the
 * background, up to {@code WRITE_DELAY} (500 ms by default) later, so a process that dies loses
 * what it acknowledged last. It writes at commit only while the database-wide delay is 0 at the
 * moment the transaction ends. The setting is not kept across a reopen (H2 2.3.232 starts again at
 * 500) and any connection's URL may set it again, so every write operation sets it first
 * ({@code SET WRITE_DELAY 0}: a few microseconds in process, it neither commits nor needs a
 * transaction), whatever URL or pool the application gave.
 * The store refuses, at build, a database where that setting is not allowed to it (a user without
 * admin rights). The other databases are durable at commit by their own defaults.
 */
final class SqlTransactions {
  private final DataSource dataSource;
  private final SQLDialect dialect;
  private final Settings settings;
  private final ThreadLocal<@Nullable Connection> joined = new ThreadLocal<>();
  /** Whether this thread's last operation ran on a connection whose transaction someone else owns. */
  private final ThreadLocal<Boolean> lastRanInCallerTransaction =
      ThreadLocal.withInitial(() -> Boolean.FALSE);

  /** The statement that makes H2 write each commit before acknowledging it (see the class notes). */
  static final String H2_WRITE_AT_COMMIT = "SET WRITE_DELAY 0";

  /** H2's SQL state for "admin rights are required for this operation". */
  private static final String H2_ADMIN_RIGHTS_REQUIRED = "90040";

  private final boolean setWriteDelay;

  SqlTransactions(DataSource dataSource, SQLDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.setWriteDelay = dialect.family() == SQLDialect.H2;
    this.settings = new Settings()
        .withRenderQuotedNames(RenderQuotedNames.NEVER)
        .withExecuteLogging(false)
        .withRenderSchema(false);
  }

  SQLDialect dialect() {
    return dialect;
  }

  /** How SQL is rendered for this store. */
  Settings settings() {
    return settings;
  }

  /** Runs {@code work} with {@code connection} as the transaction of every store call on this thread. */
  <T> T joining(Connection connection, Supplier<T> work) {
    Connection previous = joined.get();
    joined.set(connection);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        joined.remove();
      } else {
        joined.set(previous);
      }
    }
  }

  /**
   * True inside {@link #joining}, or when this thread's last operation found its connection already
   * in a transaction (a framework-managed one): what it saw may still be rolled back.
   */
  boolean inCallerTransaction() {
    return joined.get() != null || lastRanInCallerTransaction.get();
  }

  /** Runs {@code work} atomically (its own transaction, or the caller's). */
  <T> T inTransaction(String operation, Function<DSLContext, T> work) {
    Connection bound = joined.get();
    if (bound != null) {
      writeAtCommit(operation, bound);
      return run(operation, bound, work);
    }
    Connection c = open(operation);
    try {
      writeAtCommit(c);
      boolean callerManaged = !c.getAutoCommit();
      lastRanInCallerTransaction.set(callerManaged);
      if (callerManaged) {
        return run(operation, c, work); // a transaction managed by the caller's framework
      }
      c.setAutoCommit(false);
      try {
        T result = run(operation, c, work);
        commit(operation, c);
        return result;
      } catch (RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(operation, e);
    } finally {
      closeQuietly(c);
    }
  }

  /**
   * Commits; a refused commit is a {@link StoreFailure}, so that the store can tell a transaction
   * that is safe to run again (a Galera certification conflict, reported as a deadlock, SQL state
   * 40001) from one whose outcome is unknown.
   */
  private static void commit(String operation, Connection c) {
    try {
      c.commit();
    } catch (SQLException e) {
      throw new StoreFailure(operation, new org.jooq.exception.DataAccessException(
          "commit failed [" + e.getSQLState() + "]: " + e.getMessage(), e));
    }
  }

  /**
   * True when {@code f} rolled its transaction back whole and says so: a serialization failure or
   * deadlock (SQL state 40001, PostgreSQL's 40P01, or a message naming a deadlock), detected at a
   * statement or at commit. Running the same transaction again is then safe; it is not for a lost
   * connection, nor for 40003 ("statement completion unknown"), whose commit may have happened.
   */
  static boolean rolledBackWhole(StoreFailure f) {
    String state = f.sqlCause().sqlState();
    String message = f.sqlCause().getMessage();
    return "40001".equals(state) || "40P01".equals(state)
        || message != null && message.contains("Deadlock");
  }

  /**
   * Runs a read (no transaction of its own needed; a joined one is used if bound). Failures surface
   * as {@code store_error} naming the operation.
   */
  <T> T read(String operation, Function<DSLContext, T> work) {
    return single(operation, work, false);
  }

  /**
   * Runs a single-statement write (its own auto-commit transaction, or the caller's), durable at
   * commit as {@link #inTransaction} is. Failures surface as {@code store_error}.
   */
  <T> T write(String operation, Function<DSLContext, T> work) {
    return single(operation, work, true);
  }

  /** One statement or a read, outside a transaction of the store's own. */
  private <T> T single(String operation, Function<DSLContext, T> work, boolean writes) {
    Connection bound = joined.get();
    Connection c = bound != null ? bound : open(operation);
    try {
      if (writes) {
        writeAtCommit(c);
      }
      if (bound == null) {
        lastRanInCallerTransaction.set(!c.getAutoCommit());
      }
      return run(operation, c, work);
    } catch (SQLException | StoreFailure e) {
      throw failure(operation, e);
    } finally {
      if (bound == null) {
        closeQuietly(c);
      }
    }
  }


  /** On H2, makes the commit that ends this connection's transaction write before it returns. */
  private void writeAtCommit(Connection c) throws SQLException {
    if (setWriteDelay) {
      try (PreparedStatement ps = c.prepareStatement(H2_WRITE_AT_COMMIT)) {
        ps.executeUpdate();
      }
    }
  }

  /**
   * Checks, once at build, that this database lets the store make its commits durable.
   *
   * @throws PlugipayException {@code validation_error} on {@code dataSource} when H2 refuses
   *     {@code SET WRITE_DELAY 0} (it needs an admin user)
   */
  void checkDurableCommits() {
    if (!setWriteDelay) {
      return;
    }
    try (Connection c = open("connect")) {
      writeAtCommit(c);
    } catch (SQLException e) {
      if (!H2_ADMIN_RIGHTS_REQUIRED.equals(e.getSQLState())) {
        throw failure("connect", e);
      }
      throw new PlugipayException(ErrorCode.VALIDATION_ERROR, "dataSource", "H2 refused '"
          + H2_WRITE_AT_COMMIT + "' (" + e.getMessage() + "): without it H2 acknowledges commits"
          + " before writing them, and a process that dies loses them; connect as an admin user",
          e);
    }
  }

  private void writeAtCommit(String operation, Connection c) {
    try {
      writeAtCommit(c);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  private <T> T run(String operation, Connection c, Function<DSLContext, T> work) {
    try {
      return work.apply(DSL.using(c, dialect, settings));
    } catch (org.jooq.exception.DataAccessException e) {
      throw new StoreFailure(operation, e);
    }
  }

  private Connection open(String operation) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  static PlugipayException failure(String operation, Exception cause) {
    return new PlugipayException(ErrorCode.STORE_ERROR, null,
        "session store operation '" + operation + "' failed: " + cause.getMessage(), cause);
  }

  private static void rollbackQuietly(Connection c, Throwable primary) {
    try {
      c.rollback();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the pool reports broken connections itself
    }
  }

  /** A SQL failure inside an operation; the store maps it (retry or store_error). */
  static final class StoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String operation;

    StoreFailure(String operation, org.jooq.exception.DataAccessException cause) {
      super(cause.getMessage(), cause);
      this.operation = operation;
    }

    org.jooq.exception.DataAccessException sqlCause() {
      return (org.jooq.exception.DataAccessException) getCause();
    }
  }
}
