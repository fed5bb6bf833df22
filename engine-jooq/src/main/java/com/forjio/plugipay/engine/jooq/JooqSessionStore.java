package com.forjio.plugipay.engine.jooq;

import static com.forjio.plugipay.engine.jooq.SessionRows.E;
import static com.forjio.plugipay.engine.jooq.SessionRows.S;
import static com.forjio.plugipay.engine.jooq.SessionRows.utc;
import static com.forjio.plugipay.engine.jooq.schema.Tables.PLUGIPAY_IDEMPOTENCY_KEY;
import static com.forjio.plugipay.engine.jooq.schema.Tables.PLUGIPAY_PAYMENT_ATTEMPT;
import static com.forjio.plugipay.engine.jooq.schema.Tables.PLUGIPAY_UNMATCHED_PAYMENT;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.jooq.SqlTransactions.StoreFailure;
import com.forjio.plugipay.engine.jooq.schema.tables.PlugipayEvent;
import com.forjio.plugipay.engine.jooq.schema.tables.PlugipayIdempotencyKey;
import com.forjio.plugipay.engine.jooq.schema.tables.PlugipayPaymentAttempt;
import com.forjio.plugipay.engine.jooq.schema.tables.PlugipayUnmatchedPayment;
import com.forjio.plugipay.engine.jooq.schema.tables.records.PlugipayIdempotencyKeyRecord;
import com.forjio.plugipay.engine.spi.CallerTransactions;
import com.forjio.plugipay.engine.spi.CreateSessionRequest;
import com.forjio.plugipay.engine.spi.CreateSessionResult;
import com.forjio.plugipay.engine.spi.ListQuery;
import com.forjio.plugipay.engine.spi.OutboxClaim;
import com.forjio.plugipay.engine.spi.OutboxEntry;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.SortKey;
import com.forjio.plugipay.engine.spi.StoredSession;
import com.forjio.plugipay.engine.spi.TransitionRequest;
import com.forjio.plugipay.engine.spi.TransitionResult;
import com.forjio.plugipay.engine.spi.UnmatchedPayment;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.Condition;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.JDBCUtils;
import org.jspecify.annotations.Nullable;

/**
 * The durable {@link SessionStore}: sessions, idempotency keys and the outbox in the application's
 * own database, through jOOQ. MySQL 8 and MariaDB 10.6+ first, PostgreSQL 13+, and H2 (file mode is
 * the embedded durable default that needs no server).
 *
 * <pre>{@code
 * JooqSessionStore store = JooqSessionStore.builder()
 *     .dataSource(appDataSource)          // the application's pool; or .hikari(url, user, password)
 *     .build();                           // applies the schema with Flyway (plugipay_* tables)
 * PlugipayEngine engine = PlugipayEngine.builder().store(store).build();
 * }</pre>
 *
 * <h2>Atomicity and concurrency</h2>
 * Every operation is one short transaction. Correctness never relies on this JVM: a create inserts
 * its idempotency row first (a duplicate key waits for and then yields to the winner, committed or
 * not), transitions are {@code UPDATE ... WHERE id = ? AND version = ?} followed by the event insert
 * in the same transaction, and outbox leases are compare-and-set updates, so several engines on one
 * database behave as one.
 *
 * <h2>Joining the caller's transaction</h2>
 * Inside {@link #joining(Connection, Supplier)} — or when the data source hands out a connection
 * that already belongs to a transaction (Spring's {@code TransactionAwareDataSourceProxy}) — store
 * operations run on that transaction's connection without committing, so the application's order
 * row and the checkout session commit or roll back together.
 *
 * <p>Thread-safe. {@link #close()} closes the pool only if {@link Builder#hikari} created it.
 */
public final class JooqSessionStore implements SessionStore, CallerTransactions {
  private static final PlugipayIdempotencyKey K = PLUGIPAY_IDEMPOTENCY_KEY;
  private static final PlugipayPaymentAttempt A = PLUGIPAY_PAYMENT_ATTEMPT;
  private static final PlugipayUnmatchedPayment U = PLUGIPAY_UNMATCHED_PAYMENT;
  private static final String OPEN = CheckoutSessionStatus.OPEN.wireName();
  /** Runs of one create or transition before its failure is reported. */
  private static final int WRITE_ATTEMPTS = 8;

  private final SqlTransactions tx;
  private final @Nullable HikariDataSource ownedPool;
  private final HotStatements hot;

  private JooqSessionStore(SqlTransactions tx, @Nullable HikariDataSource ownedPool) {
    this.tx = tx;
    this.ownedPool = ownedPool;
    this.hot = new HotStatements(tx.dialect(), tx.settings());
  }

  /** A builder; a data source (or {@link Builder#hikari}) is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The SQL dialect in use (given, or detected from the database). */
  public SQLDialect dialect() {
    return tx.dialect();
  }

  /**
   * Runs {@code work} with every store operation of this thread on {@code connection}, inside the
   * caller's transaction: nothing is committed, rolled back or closed by the store, so the caller's
   * commit or rollback applies to the sessions and events written too. With jOOQ:
   * {@code ctx.transactionResult(cfg -> store.joining(cfg, () -> sessions.create(params)))}.
   */
  public <T> T joining(Connection connection, Supplier<T> work) {
    if (connection == null) {
      throw PlugipayException.invalid("connection", "a connection is required");
    }
    return tx.joining(connection, work);
  }

  /**
   * True while this thread runs inside {@link #joining}, or when its last store operation ran on a
   * connection already inside a framework-managed transaction: nothing seen then is known to commit.
   */
  @Override
  public boolean insideCallerTransaction() {
    return tx.inCallerTransaction();
  }

  /** As {@link #joining(Connection, Supplier)} with the connection of a transactional jOOQ configuration. */
  public <T> T joining(Configuration transactional, Supplier<T> work) {
    Connection c = transactional.connectionProvider().acquire();
    if (c == null) {
      throw PlugipayException.invalid("configuration", "the configuration has no connection");
    }
    try {
      return tx.joining(c, work);
    } finally {
      transactional.connectionProvider().release(c);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // create

  @Override
  public CreateSessionResult create(CreateSessionRequest req) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.inTransaction("create", ctx -> createOnce(ctx, req));
      } catch (StoreFailure f) {
        // A lost race on H2 (no wait on unique keys), a deadlock or a serialization failure, at a
        // statement or at commit (a Galera certification conflict): the transaction was rolled
        // back whole, so trying again is safe, and the loser of a key race then reads the winner.
        // Inside a caller's transaction it is not: the caller must retry its own transaction.
        if (attempt < WRITE_ATTEMPTS && retryable(f) && !tx.inCallerTransaction()) {
          pauseBeforeRetry(attempt);
          continue;
        }
        throw SqlTransactions.failure(f.operation, f);
      } catch (KeyMoved moved) {
        if (attempt >= WRITE_ATTEMPTS) {
          throw new PlugipayException(ErrorCode.STORE_ERROR, null,
              "idempotency key kept changing during create; retry", moved);
        }
      }
    }
  }

  private CreateSessionResult createOnce(DSLContext ctx, CreateSessionRequest req) {
    if (jdbc(ctx, c -> hot.insertKey(c, req)) == 0) {
      // The key exists and its writer has committed (the insert waited for it). A plain read sees
      // it: no snapshot was taken before this statement. No lock: the insert already holds a shared
      // one, and upgrading it would deadlock with every other duplicate; taking the key over below
      // is a compare-and-set instead.
      LocalDateTime now = utc(req.now());
      Condition keyIs = K.ACCOUNT_ID.eq(req.accountId()).and(K.OPERATION.eq(req.operation()))
          .and(K.IDEM_KEY.eq(req.key()));
      PlugipayIdempotencyKeyRecord existing = ctx.selectFrom(K).where(keyIs).fetchOne();
      if (existing == null && hot.duplicateKeyFailsAtOnce()) {
        // H2 refuses a duplicate at once, even of a key whose creator has not committed yet (and
        // may roll back): a lost race, tried again after a pause like the other databases' waits.
        throw new StoreFailure("create", new DataAccessException("idempotency key held by an "
            + "uncommitted create", new SQLException("key held by another transaction", "40001")));
      }
      if (existing == null) {
        throw new KeyMoved(); // purged in between
      }
      if (existing.getExpiresAt().isAfter(now)) {
        Record winner = ctx.select(S.fields()).from(S).where(S.ID.eq(existing.getSessionId()))
            .fetchOne();
        if (winner != null && (!req.derived() || stillActive(winner, now))) {
          return new CreateSessionResult(SessionRows.toStored(winner), false,
              existing.getFingerprint());
        }
      }
      int moved = ctx.update(K).set(K.FINGERPRINT, req.fingerprint())
          .set(K.SESSION_ID, req.session().session().id())
          .set(K.EXPIRES_AT, utc(req.keyExpiresAt()))
          .where(keyIs).and(K.SESSION_ID.eq(existing.getSessionId()))
          .execute();
      if (moved != 1) {
        throw new KeyMoved();
      }
    }
    jdbc(ctx, c -> {
      hot.insertSessionAndEvent(c, req);
      return 0;
    });
    return new CreateSessionResult(req.session(), true, req.fingerprint());
  }

  /** Work on the transaction's own JDBC connection. */
  private interface JdbcWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on the connection of {@code ctx}; a SQL failure surfaces as jOOQ's would. */
  private static <T> T jdbc(DSLContext ctx, JdbcWork<T> work) {
    Connection c = ctx.configuration().connectionProvider().acquire();
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw new DataAccessException("SQL [" + e.getSQLState() + "]; " + e.getMessage(), e);
    } finally {
      ctx.configuration().connectionProvider().release(c);
    }
  }

  private static boolean stillActive(Record session, LocalDateTime now) {
    String status = session.get(S.STATUS);
    if (OPEN.equals(status)) {
      return session.get(S.EXPIRES_AT).isAfter(now);
    }
    return !CheckoutSessionStatus.fromWireName(status).isTerminal();
  }

  /** The idempotency row changed under us; the whole create is tried again. */
  private static final class KeyMoved extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeyMoved() {
      super(null, null, false, false);
    }
  }

  /** A few milliseconds, growing and jittered, so racing retries do not collide again. */
  private static void pauseBeforeRetry(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 2L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlugipayException(ErrorCode.STORE_ERROR, null, "interrupted before running a write again", e);
    }
  }

  /** A create's failure after which it runs again: a lost key race, or a whole rollback. */
  private static boolean retryable(StoreFailure f) {
    String state = f.sqlCause().sqlState();
    return state != null && state.startsWith("23") || SqlTransactions.rolledBackWhole(f);
  }

  // ---------------------------------------------------------------------------------------------
  // reads

  @Override
  public Optional<StoredSession> find(String accountId, String sessionId) {
    return tx.read("find", ctx -> Optional.ofNullable(
        jdbc(ctx, c -> hot.selectSession(ctx, c, sessionId, accountId))).map(SessionRows::toStored));
  }

  @Override
  public Optional<StoredSession> findByHostedToken(String hostedToken) {
    return tx.read("findByHostedToken", ctx -> Optional.ofNullable(
        jdbc(ctx, c -> hot.selectSessionByToken(ctx, c, hostedToken))).map(SessionRows::toStored));
  }

  @Override
  public List<StoredSession> list(ListQuery q) {
    LocalDateTime now = utc(q.now());
    Condition where = S.ACCOUNT_ID.eq(q.accountId());
    if (q.status() != null) {
      where = where.and(switch (q.status()) {
        case OPEN -> S.STATUS.eq(OPEN).and(S.EXPIRES_AT.gt(now));
        case EXPIRED -> S.STATUS.eq(CheckoutSessionStatus.EXPIRED.wireName())
            .or(S.STATUS.eq(OPEN).and(S.EXPIRES_AT.le(now)));
        default -> S.STATUS.eq(q.status().wireName());
      });
    }
    if (q.customerId() != null) {
      where = where.and(S.CUSTOMER_ID.eq(q.customerId()));
    }
    if (q.createdAfter() != null) {
      where = where.and(S.CREATED_AT.ge(utc(q.createdAfter())));
    }
    if (q.createdBefore() != null) {
      where = where.and(S.CREATED_AT.lt(utc(q.createdBefore())));
    }
    SortKey after = q.after();
    boolean desc = q.order() == Order.DESC;
    if (after != null) {
      LocalDateTime at = utc(after.createdAt());
      where = where.and(desc
          ? S.CREATED_AT.lt(at).or(S.CREATED_AT.eq(at).and(S.ID.lt(after.id())))
          : S.CREATED_AT.gt(at).or(S.CREATED_AT.eq(at).and(S.ID.gt(after.id()))));
    }
    Condition filter = where;
    return tx.read("list", ctx -> ctx.select(S.fields()).from(S).where(filter)
        .orderBy(desc ? S.CREATED_AT.desc() : S.CREATED_AT.asc(), desc ? S.ID.desc() : S.ID.asc())
        .limit(q.limit())
        .fetch(SessionRows::toStored));
  }

  @Override
  public List<StoredSession> findDueForExpiry(Instant now, int limit) {
    return tx.read("findDueForExpiry", ctx -> ctx.select(S.fields()).from(S)
        .where(S.STATUS.eq(OPEN)).and(S.EXPIRES_AT.le(utc(now)))
        .orderBy(S.EXPIRES_AT.asc(), S.ID.asc())
        .limit(limit)
        .fetch(SessionRows::toStored));
  }

  @Override
  public List<CheckoutSessionEvent> events(String accountId, String sessionId) {
    return tx.read("events", ctx -> ctx.select(E.fields()).select(S.fields()).from(E)
        .join(S).on(S.ID.eq(E.SESSION_ID))
        .where(E.SESSION_ID.eq(sessionId)).and(E.ACCOUNT_ID.eq(accountId))
        .orderBy(E.SEQ.asc())
        .fetch(SessionRows::toEvent));
  }

  // ---------------------------------------------------------------------------------------------
  // transitions

  @Override
  public TransitionResult transition(TransitionRequest req) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transitionOnce(req);
      } catch (StoreFailure f) {
        // Rolled back whole (a deadlock, or a certification conflict at commit): the
        // compare-and-set runs again, and finds the version moved if another writer won.
        if (attempt < WRITE_ATTEMPTS && SqlTransactions.rolledBackWhole(f)
            && !tx.inCallerTransaction()) {
          pauseBeforeRetry(attempt);
          continue;
        }
        throw SqlTransactions.failure(f.operation, f);
      }
    }
  }

  private TransitionResult transitionOnce(TransitionRequest req) {
    CheckoutSession next = req.next();
    return tx.inTransaction("transition", ctx -> {
      PaymentAttempt attempt = req.attempt();
      if (attempt == null) { // the common case, on statements rendered once
        if (jdbc(ctx, c -> hot.updateSession(c, next, req.expectedVersion())) == 1) {
          jdbc(ctx, c -> {
            hot.insertEvent(c, req.event(), req.dispatch());
            return 0;
          });
          return new TransitionResult(true,
              new StoredSession(next, req.expectedVersion() + 1, SessionRows.tokenOf(next)));
        }
        return lostTransition(ctx, next);
      }
      var update = ctx.update(S)
          .set(S.STATUS, next.status().wireName())
          .set(S.ADAPTER, next.adapter())
          .set(S.COMPLETED_AT, SessionRows.utcOrNull(next.completedAt()))
          .set(S.UPDATED_AT, utc(next.updatedAt()))
          .set(S.VERSION, S.VERSION.plus(1));
      if (attempt != null) {
        update = update.set(S.CURRENT_ATTEMPT_ID, attempt.id());
      }
      int updated = update
          .where(S.ID.eq(next.id())).and(S.VERSION.eq(req.expectedVersion()))
          .execute();
      if (updated == 1) {
        if (attempt != null) {
          ctx.executeInsert(SessionRows.toAttemptRecord(attempt));
        }
        ctx.executeInsert(SessionRows.toEventRecord(req.event(), req.dispatch()));
        return new TransitionResult(true,
            new StoredSession(next, req.expectedVersion() + 1, SessionRows.tokenOf(next)));
      }
      return lostTransition(ctx, next);
    });
  }

  /** The session as it is now, after a compare-and-set that found another version. */
  private static TransitionResult lostTransition(DSLContext ctx, CheckoutSession next) {
    Record current = ctx.select(S.fields()).from(S).where(S.ID.eq(next.id())).fetchOne();
    if (current == null) {
      throw new NoSuchElementException("no session " + next.id());
    }
    return new TransitionResult(false, SessionRows.toStored(current));
  }

  // ---------------------------------------------------------------------------------------------
  // outbox

  @Override
  public List<OutboxEntry> claimOutbox(OutboxClaim claim) {
    LocalDateTime now = utc(claim.now());
    LocalDateTime until = utc(claim.leaseUntil());
    PlugipayEvent older = E.as("older");
    Condition claimable = claimableAt(now);
    return tx.write("claimOutbox", ctx -> {
      List<Record> heads = ctx.select(E.fields()).select(S.fields()).from(E)
          .join(S).on(S.ID.eq(E.SESSION_ID))
          .where(claimable)
          .andNotExists(DSL.selectOne().from(older)
              .where(older.SESSION_ID.eq(E.SESSION_ID)).and(older.PENDING.isTrue())
              .and(older.SEQ.lt(E.SEQ)))
          // oldest first, the order of ix_plugipay_event_pending (pending, seq), so the scan stops
          // at the limit and a due retry goes before events written after it
          .orderBy(E.PENDING.asc(), E.SEQ.asc())
          .limit(claim.limit())
          .fetch();
      if (heads.isEmpty()) {
        return List.<OutboxEntry>of();
      }
      // Compare-and-set lease of the whole batch in one statement: of several engines racing for an
      // event, one update matches it. A unique token tells which rows this call won.
      List<Long> seqs = new ArrayList<>(heads.size());
      heads.forEach(h -> seqs.add(h.get(E.SEQ)));
      if (hot.leasesRowByRow()) {
        int[] won = new int[1];
        boolean[] mine = new boolean[seqs.size()];
        jdbc(ctx, c -> {
          won[0] = hot.lease(c, seqs, claim.owner(), until, now, mine);
          return 0;
        });
        List<OutboxEntry> claimed = new ArrayList<>(won[0]);
        for (int i = 0; i < heads.size(); i++) {
          if (mine[i]) {
            claimed.add(new OutboxEntry(SessionRows.toEvent(heads.get(i)), heads.get(i).get(E.ATTEMPTS)));
          }
        }
        return claimed;
      }
      String token = claim.owner() + ":" + java.util.UUID.randomUUID();
      int won = ctx.update(E).set(E.LEASE_OWNER, token).set(E.LEASE_UNTIL, until)
          .where(E.SEQ.in(seqs)).and(claimable).execute();
      List<OutboxEntry> claimed = new ArrayList<>(won);
      if (won == 0) {
        return claimed;
      }
      java.util.Set<Long> mine = won == heads.size() ? new java.util.HashSet<>(seqs)
          : new java.util.HashSet<>(ctx.select(E.SEQ).from(E).where(E.SEQ.in(seqs))
              .and(E.LEASE_OWNER.eq(token)).fetch(E.SEQ));
      for (Record head : heads) {
        if (mine.contains(head.get(E.SEQ))) {
          claimed.add(new OutboxEntry(SessionRows.toEvent(head), head.get(E.ATTEMPTS)));
        }
      }
      return claimed;
    });
  }

  /** An event that a claim at {@code now} may take: undelivered, due, its lease free or lapsed. */
  private static Condition claimableAt(LocalDateTime now) {
    return E.PENDING.isTrue().and(E.AVAILABLE_AT.le(now))
        .and(E.LEASE_UNTIL.isNull().or(E.LEASE_UNTIL.le(now)));
  }

  @Override
  public void acknowledge(String eventId) {
    tx.write("acknowledge", ctx -> ctx.update(E)
        .set(E.PENDING, false).setNull(E.LEASE_OWNER).setNull(E.LEASE_UNTIL)
        .where(E.ID.eq(eventId)).execute());
  }

  @Override
  public void acknowledgeAll(java.util.Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return;
    }
    if (hot.leasesRowByRow()) {
      tx.write("acknowledge", ctx -> jdbc(ctx, c -> {
        hot.acknowledge(c, eventIds);
        return 0;
      }));
      return;
    }
    tx.write("acknowledge", ctx -> ctx.update(E)
        .set(E.PENDING, false).setNull(E.LEASE_OWNER).setNull(E.LEASE_UNTIL)
        .where(E.ID.in(eventIds)).execute());
  }

  @Override
  public int acknowledgeClaimable(OutboxClaim claim) {
    LocalDateTime now = utc(claim.now());
    Condition claimable = claimableAt(now);
    return tx.write("acknowledgeClaimable", ctx -> {
      List<Long> seqs = ctx.select(E.SEQ).from(E).where(claimable)
          .orderBy(E.PENDING.asc(), E.SEQ.asc())
          .limit(claim.limit())
          .fetch(E.SEQ);
      if (seqs.isEmpty()) {
        return 0;
      }
      if (hot.leasesRowByRow()) {
        return jdbc(ctx, c -> hot.acknowledgeIfClaimable(c, seqs, now));
      }
      // still claimable: another engine may have leased some in between
      return ctx.update(E).set(E.PENDING, false).setNull(E.LEASE_OWNER).setNull(E.LEASE_UNTIL)
          .where(E.SEQ.in(seqs)).and(claimable).execute();
    });
  }

  @Override
  public void reschedule(String eventId, Instant availableAt) {
    tx.write("reschedule", ctx -> ctx.update(E)
        .set(E.ATTEMPTS, E.ATTEMPTS.plus(1)).set(E.AVAILABLE_AT, utc(availableAt))
        .setNull(E.LEASE_OWNER).setNull(E.LEASE_UNTIL)
        .where(E.ID.eq(eventId)).and(E.PENDING.isTrue()).execute());
  }

  // ---------------------------------------------------------------------------------------------
  // payment attempts

  @Override
  public Optional<PaymentAttempt> findAttempt(String attemptId) {
    return tx.read("findAttempt", ctx -> ctx.selectFrom(A).where(A.ID.eq(attemptId))
        .fetchOptional().map(SessionRows::toAttempt));
  }

  @Override
  public Optional<PaymentAttempt> findAttemptByProviderReference(String adapter,
      String providerReference) {
    return tx.read("findAttemptByProviderReference", ctx -> ctx.selectFrom(A)
        .where(A.ADAPTER.eq(adapter)).and(A.PROVIDER_REFERENCE.eq(providerReference))
        .orderBy(A.CREATED_AT.desc()).limit(1)
        .fetchOptional().map(SessionRows::toAttempt));
  }

  @Override
  public Optional<PaymentAttempt> currentAttempt(String accountId, String sessionId) {
    return tx.read("currentAttempt", ctx -> ctx.select(A.fields()).from(S)
        .join(A).on(A.ID.eq(S.CURRENT_ATTEMPT_ID))
        .where(S.ID.eq(sessionId)).and(S.ACCOUNT_ID.eq(accountId))
        .fetchOptional().map(r -> SessionRows.toAttempt(r.into(A))));
  }

  @Override
  public List<PaymentAttempt> findAttemptsToReconcile(int limit) {
    return tx.read("findAttemptsToReconcile", ctx -> ctx.select(A.fields()).from(S)
        .join(A).on(A.ID.eq(S.CURRENT_ATTEMPT_ID))
        .where(S.STATUS.in(CheckoutSessionStatus.PENDING.wireName(),
            CheckoutSessionStatus.PENDING_REVIEW.wireName()))
        .orderBy(A.CREATED_AT.asc(), A.ID.asc()).limit(limit)
        .fetch(r -> SessionRows.toAttempt(r.into(A))));
  }

  @Override
  public void recordUnmatched(UnmatchedPayment p) {
    tx.write("recordUnmatched", ctx -> ctx.insertInto(U)
        .set(U.ADAPTER, p.adapter()).set(U.PROVIDER_REFERENCE, p.providerReference())
        .set(U.REFERENCE, p.reference()).set(U.OUTCOME, p.outcome().name())
        .set(U.AMOUNT, p.amountMinor()).set(U.RECEIVED_AT, utc(p.receivedAt()))
        .execute());
  }

  @Override
  public List<UnmatchedPayment> unmatchedPayments(int limit) {
    return tx.read("unmatchedPayments", ctx -> ctx.selectFrom(U).orderBy(U.SEQ.asc()).limit(limit)
        .fetch(r -> new UnmatchedPayment(r.getAdapter(), r.getProviderReference(), r.getReference(),
            ProviderOutcome.valueOf(r.getOutcome()), r.getAmount(),
            SessionRows.instant(r.getReceivedAt()))));
  }

  @Override
  public int purgeIdempotencyKeys(Instant now, int limit) {
    LocalDateTime at = utc(now);
    return wrap(() -> tx.inTransaction("purgeIdempotencyKeys", ctx -> {
      List<PlugipayIdempotencyKeyRecord> due = ctx.selectFrom(K).where(K.EXPIRES_AT.le(at))
          .orderBy(K.EXPIRES_AT.asc()).limit(limit).fetch();
      int purged = 0;
      for (PlugipayIdempotencyKeyRecord r : due) {
        purged += ctx.deleteFrom(K).where(K.ACCOUNT_ID.eq(r.getAccountId()))
            .and(K.OPERATION.eq(r.getOperation())).and(K.IDEM_KEY.eq(r.getIdemKey()))
            .and(K.EXPIRES_AT.le(at))
            .execute();
      }
      return purged;
    }));
  }

  private static <T> T wrap(Supplier<T> work) {
    try {
      return work.get();
    } catch (StoreFailure f) {
      throw SqlTransactions.failure(f.operation, f);
    }
  }

  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  @Override
  public String toString() {
    return "JooqSessionStore[" + tx.dialect() + (ownedPool != null ? ", pool=" + ownedPool.getPoolName() : "") + "]";
  }

  /**
   * Configures a {@link JooqSessionStore}. Give either {@link #dataSource} (the application's pool;
   * the store never closes it) or {@link #hikari} (a pool the store creates, tunes and closes).
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable HikariConfig hikari;
    private @Nullable SQLDialect dialect;
    private boolean migrate = true;

    private Builder() {}

    /** The application's data source; it must hand out auto-commit connections (the default). */
    public Builder dataSource(DataSource dataSource) {
      if (dataSource == null) {
        throw PlugipayException.invalid("dataSource", "dataSource must not be null");
      }
      if (this.dataSource != null || hikari != null) {
        throw PlugipayException.invalid("dataSource", "a data source was already given");
      }
      this.dataSource = dataSource;
      return this;
    }

    /**
     * A HikariCP pool for this JDBC URL, owned by the store and closed with it: at most 10
     * connections, auto-commit on, prepared statements cached.
     */
    public Builder hikari(String jdbcUrl, @Nullable String username, @Nullable String password) {
      if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
        throw PlugipayException.invalid("jdbcUrl", "a jdbc: URL is required, was " + jdbcUrl);
      }
      if (this.dataSource != null || hikari != null) {
        throw PlugipayException.invalid("jdbcUrl", "a data source was already given");
      }
      HikariConfig c = new HikariConfig();
      c.setJdbcUrl(jdbcUrl);
      c.setUsername(username);
      c.setPassword(password);
      c.setPoolName("plugipay");
      c.setMaximumPoolSize(10);
      c.setAutoCommit(true);
      c.setConnectionTimeout(10_000);
      c.addDataSourceProperty("cachePrepStmts", "true");
      c.addDataSourceProperty("prepStmtCacheSize", "250");
      c.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
      c.addDataSourceProperty("useServerPrepStmts", "true");
      this.hikari = c;
      return this;
    }

    /** The dialect; detected from the database when not given. */
    public Builder dialect(SQLDialect dialect) {
      if (dialect == null) {
        throw PlugipayException.invalid("dialect", "dialect must not be null");
      }
      if (this.dialect != null) {
        throw PlugipayException.invalid("dialect", "dialect was already set");
      }
      this.dialect = dialect;
      return this;
    }

    /**
     * Whether {@link #build()} applies the schema with Flyway (history table
     * {@code plugipay_schema_history}, beside the application's own); default true.
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Builds the store, detecting the dialect and applying migrations as configured.
     *
     * @throws PlugipayException {@code validation_error} without a data source or for an unsupported
     *     database; {@code store_error} when the database cannot be reached or migrated
     */
    public JooqSessionStore build() {
      if (dataSource == null && hikari == null) {
        throw PlugipayException.invalid("dataSource", "a dataSource or a hikari(...) URL is required");
      }
      HikariDataSource owned = hikari == null ? null : new HikariDataSource(hikari);
      DataSource ds = owned != null ? owned : dataSource;
      try {
        SQLDialect d = dialect != null ? dialect : detect(ds);
        String family = Migrations.family(d);
        if (migrate) {
          Migrations.apply(ds, family);
        }
        SqlTransactions tx = new SqlTransactions(ds, d);
        tx.checkDurableCommits();
        return new JooqSessionStore(tx, owned);
      } catch (RuntimeException e) {
        if (owned != null) {
          owned.close();
        }
        throw e;
      }
    }

    private static SQLDialect detect(DataSource ds) {
      try (Connection c = ds.getConnection()) {
        return JDBCUtils.dialect(c);
      } catch (SQLException e) {
        throw SqlTransactions.failure("connect", e);
      }
    }
  }
}
