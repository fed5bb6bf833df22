package com.forjio.plugipay.engine.jooq;

import static com.forjio.plugipay.engine.jooq.SessionRows.E;
import static com.forjio.plugipay.engine.jooq.SessionRows.S;
import static com.forjio.plugipay.engine.jooq.SessionRows.utc;
import static com.forjio.plugipay.engine.jooq.schema.Tables.PLUGIPAY_IDEMPOTENCY_KEY;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.jooq.schema.tables.PlugipayIdempotencyKey;
import com.forjio.plugipay.engine.spi.CreateSessionRequest;
import com.forjio.plugipay.engine.spi.StoredSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The statements on the hot paths, rendered by jOOQ once per store for its dialect and then bound
 * and run with plain JDBC: the three inserts of a create (idempotency key, session, created event),
 * a transition's update and event, the read of a session by id or hosted token (its row still
 * mapped by jOOQ), and, on H2, the outbox lease and acknowledgement. Rendering and binding
 * through jOOQ's query objects cost more than the statements themselves on a fast database (an H2
 * file inserts the three rows in about 35 microseconds); the SQL is jOOQ's either way.
 *
 * <p>The key insert must report a duplicate without failing the transaction: {@code INSERT IGNORE}
 * on MySQL and MariaDB, {@code ON CONFLICT DO NOTHING} on PostgreSQL. H2 has neither outside its
 * compatibility modes, and jOOQ's emulation there is a {@code MERGE} that costs more than the rest of
 * the create; but on H2 a failed statement does not abort its transaction, so a plain insert whose
 * unique-key violation is read as "already there" does the same.
 */
final class HotStatements {
  private static final PlugipayIdempotencyKey K = PLUGIPAY_IDEMPOTENCY_KEY;
  private static final String UNIQUE_VIOLATION = "23505";
  private static final Timestamp DUE_AT_ONCE = Timestamp.valueOf(SessionRows.DUE_AT_ONCE);

  private final boolean duplicateFails;
  private final String insertKey;
  private final String insertSession;
  private final String insertEvent;
  private final String leaseOne;
  private final String updateSession;
  private final String selectById;
  private final String selectByToken;
  private final Field<?>[] sessionColumns = S.fields();
  private final String acknowledgeOne;
  private final String acknowledgeIfClaimable;

  HotStatements(SQLDialect dialect, Settings settings) {
    DSLContext dsl = DSL.using(dialect, settings);
    duplicateFails = dialect.family() == SQLDialect.H2;
    InsertValuesStepN<?> key = insert(dsl, K, K.ACCOUNT_ID, K.OPERATION, K.IDEM_KEY,
        K.FINGERPRINT, K.SESSION_ID, K.EXPIRES_AT);
    insertKey = duplicateFails ? key.getSQL(ParamType.INDEXED)
        : key.onDuplicateKeyIgnore().getSQL(ParamType.INDEXED);
    insertSession = insert(dsl, S, S.ID, S.ACCOUNT_ID, S.CUSTOMER_ID, S.AMOUNT, S.CURRENCY,
        S.STATUS, S.METHODS, S.ADAPTER, S.LINE_ITEMS, S.SUCCESS_URL, S.CANCEL_URL, S.HOSTED_URL,
        S.HOSTED_TOKEN, S.EXPIRES_AT, S.COMPLETED_AT, S.METADATA, S.CREATED_AT, S.UPDATED_AT,
        S.VERSION).getSQL(ParamType.INDEXED);
    insertEvent = insert(dsl, E, E.ID, E.ACCOUNT_ID, E.SESSION_ID, E.TYPE, E.OCCURRED_AT,
        E.STATUS, E.ADAPTER, E.COMPLETED_AT, E.UPDATED_AT, E.PENDING, E.ATTEMPTS, E.AVAILABLE_AT)
        .getSQL(ParamType.INDEXED);
    updateSession = dsl.update(S).set(S.STATUS, (String) null).set(S.ADAPTER, (String) null)
        .set(S.COMPLETED_AT, (LocalDateTime) null).set(S.UPDATED_AT, (LocalDateTime) null)
        .set(S.VERSION, S.VERSION.plus(DSL.inline(1L)))
        .where(S.ID.eq((String) null)).and(S.VERSION.eq((Long) null))
        .getSQL(ParamType.INDEXED);
    selectById = dsl.select(sessionColumns).from(S).where(S.ID.eq((String) null))
        .and(S.ACCOUNT_ID.eq((String) null)).getSQL(ParamType.INDEXED);
    selectByToken = dsl.select(sessionColumns).from(S).where(S.HOSTED_TOKEN.eq((String) null))
        .getSQL(ParamType.INDEXED);
    // Still claimable, phrased so that only the primary key can serve it: H2 otherwise plans the
    // range of the pending index, and walks it for every event.
    LocalDateTime none = null;
    Condition stillClaimable = DSL.not(E.PENDING.isFalse().or(E.AVAILABLE_AT.gt(none))
        .or(DSL.coalesce(E.LEASE_UNTIL, none).gt(none)));
    leaseOne = dsl.update(E).set(E.LEASE_OWNER, (String) null).set(E.LEASE_UNTIL, none)
        .where(E.SEQ.eq((Long) null))
        .and(stillClaimable)
        .getSQL(ParamType.INDEXED);
    acknowledgeOne = dsl.update(E).set(E.PENDING, false).setNull(E.LEASE_OWNER)
        .setNull(E.LEASE_UNTIL).where(E.ID.eq((String) null)).getSQL(ParamType.INDEXED);
    acknowledgeIfClaimable = dsl.update(E).set(E.PENDING, false).setNull(E.LEASE_OWNER)
        .setNull(E.LEASE_UNTIL).where(E.SEQ.eq((Long) null))
        .and(stillClaimable)
        .getSQL(ParamType.INDEXED);
  }

  /**
   * Marks delivered each event of {@code seqs} that is still claimable at {@code now} (due, lease
   * free or lapsed), one keyed statement each in a JDBC batch.
   *
   * @return how many it marked
   */
  int acknowledgeIfClaimable(Connection c, List<Long> seqs, LocalDateTime now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(acknowledgeIfClaimable)) {
      Timestamp nowTs = Timestamp.valueOf(now);
      for (Long seq : seqs) {
        ps.setBoolean(1, false);
        ps.setNull(2, Types.VARCHAR);
        ps.setNull(3, Types.TIMESTAMP);
        ps.setLong(4, seq);
        bindStillClaimable(ps, 5, nowTs);
        ps.addBatch();
      }
      int n = 0;
      for (int count : ps.executeBatch()) {
        n += count == 1 ? 1 : 0;
      }
      return n;
    }
  }

  /** Marks each event delivered, one statement each in a JDBC batch (see {@link #leasesRowByRow}). */
  void acknowledge(Connection c, Collection<String> eventIds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(acknowledgeOne)) {
      for (String id : eventIds) {
        ps.setBoolean(1, false);
        ps.setNull(2, Types.VARCHAR);
        ps.setNull(3, Types.TIMESTAMP);
        ps.setString(4, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * True where a duplicate key insert fails at once rather than waiting for the transaction that
   * holds the key (H2): a key found neither inserted nor visible was lost to an uncommitted create.
   */
  boolean duplicateKeyFailsAtOnce() {
    return duplicateFails;
  }

  /**
   * True where the outbox lease and acknowledgement are one statement per event in a JDBC batch
   * (H2: in process, so a statement costs no round trip, and an {@code IN} list of parameters is
   * not served by an index there). Elsewhere one statement covers the batch.
   */
  boolean leasesRowByRow() {
    return duplicateFails;
  }

  /**
   * Leases each event of {@code seqs} that is still claimable at {@code now}, one compare-and-set
   * each, and marks in {@code won} the ones this call leased.
   *
   * @return how many it leased
   */
  int lease(Connection c, List<Long> seqs, String owner, LocalDateTime until, LocalDateTime now,
      boolean[] won) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(leaseOne)) {
      Timestamp untilTs = Timestamp.valueOf(until);
      Timestamp nowTs = Timestamp.valueOf(now);
      for (Long seq : seqs) {
        ps.setString(1, owner);
        ps.setTimestamp(2, untilTs);
        ps.setLong(3, seq);
        bindStillClaimable(ps, 4, nowTs);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      int n = 0;
      for (int i = 0; i < counts.length; i++) {
        won[i] = counts[i] == 1;
        if (won[i]) {
          n++;
        }
      }
      return n;
    }
  }

  private static InsertValuesStepN<?> insert(DSLContext dsl, Table<?> table, Field<?>... columns) {
    List<Field<?>> params = new ArrayList<>(columns.length);
    for (Field<?> c : columns) {
      params.add(DSL.val(null, c));
    }
    return dsl.insertInto(table).columns(columns).values(params);
  }

  /**
   * Inserts the idempotency key unless it exists.
   *
   * @return 1 if this call inserted it, 0 if it was there (its writer has committed)
   */
  int insertKey(Connection c, CreateSessionRequest req) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertKey)) {
      ps.setString(1, req.accountId());
      ps.setString(2, req.operation());
      ps.setString(3, req.key());
      ps.setString(4, req.fingerprint());
      ps.setString(5, req.session().session().id());
      ps.setTimestamp(6, timestamp(req.keyExpiresAt()));
      return ps.executeUpdate();
    } catch (SQLException e) {
      if (duplicateFails && UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return 0;
      }
      throw e;
    }
  }

  /** Inserts the new session's row and its created event's (pending if the request dispatches). */
  void insertSessionAndEvent(Connection c, CreateSessionRequest req) throws SQLException {
    StoredSession stored = req.session();
    CheckoutSession s = stored.session();
    try (PreparedStatement ps = c.prepareStatement(insertSession)) {
      ps.setString(1, s.id());
      ps.setString(2, s.accountId());
      setNullable(ps, 3, s.customerId());
      ps.setLong(4, s.amount());
      ps.setString(5, s.currency().wireName());
      ps.setString(6, s.status().wireName());
      ps.setString(7, SessionRows.methods(s.methods()));
      setNullable(ps, 8, s.adapter());
      ps.setString(9, JsonColumns.lineItems(s.lineItems()));
      ps.setString(10, s.successUrl());
      ps.setString(11, s.cancelUrl());
      ps.setString(12, s.hostedUrl());
      ps.setString(13, stored.hostedToken());
      ps.setTimestamp(14, timestamp(s.expiresAt()));
      setNullable(ps, 15, s.completedAt());
      ps.setString(16, JsonColumns.metadata(s.metadata()));
      ps.setTimestamp(17, timestamp(s.createdAt()));
      ps.setTimestamp(18, timestamp(s.updatedAt()));
      ps.setLong(19, stored.version());
      ps.executeUpdate();
    }
    insertEvent(c, req.event(), req.dispatch());
  }

  /**
   * Inserts an event's row: undelivered and due at once if {@code pending} (see
   * {@link SessionRows#DUE_AT_ONCE}), else as already delivered.
   */
  void insertEvent(Connection c, CheckoutSessionEvent e, boolean pending) throws SQLException {
    CheckoutSession snapshot = e.session();
    try (PreparedStatement ps = c.prepareStatement(insertEvent)) {
      ps.setString(1, e.id());
      ps.setString(2, e.accountId());
      ps.setString(3, snapshot.id());
      ps.setString(4, e.type());
      ps.setTimestamp(5, timestamp(e.occurredAt()));
      ps.setString(6, snapshot.status().wireName());
      setNullable(ps, 7, snapshot.adapter());
      setNullable(ps, 8, snapshot.completedAt());
      ps.setTimestamp(9, timestamp(snapshot.updatedAt()));
      ps.setBoolean(10, pending);
      ps.setInt(11, 0);
      ps.setTimestamp(12, DUE_AT_ONCE);
      ps.executeUpdate();
    }
  }

  /**
   * The session row of {@code id} in {@code accountId}, or null: the statement bound by hand, the
   * row read into a record by jOOQ with the table's own column types, as a jOOQ select would.
   */
  @Nullable Record selectSession(DSLContext ctx, Connection c, String id, String accountId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(selectById)) {
      ps.setString(1, id);
      ps.setString(2, accountId);
      return single(ctx, ps);
    }
  }

  /** As {@link #selectSession}, by hosted token. */
  @Nullable Record selectSessionByToken(DSLContext ctx, Connection c, String token)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(selectByToken)) {
      ps.setString(1, token);
      return single(ctx, ps);
    }
  }

  private @Nullable Record single(DSLContext ctx, PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      Result<Record> rows = ctx.fetch(rs, sessionColumns);
      return rows.isEmpty() ? null : rows.get(0);
    }
  }

  /**
   * A transition's compare-and-set on the session row: the four fields a transition changes, and
   * the version, if the row is still at {@code expectedVersion}.
   *
   * @return 1 if it applied, 0 if the version moved
   */
  int updateSession(Connection c, CheckoutSession next, long expectedVersion) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(updateSession)) {
      ps.setString(1, next.status().wireName());
      setNullable(ps, 2, next.adapter());
      setNullable(ps, 3, next.completedAt());
      ps.setTimestamp(4, timestamp(next.updatedAt()));
      ps.setString(5, next.id());
      ps.setLong(6, expectedVersion);
      return ps.executeUpdate();
    }
  }

  /** Binds the three parameters of the still-claimable condition, from position {@code first}. */
  private static void bindStillClaimable(PreparedStatement ps, int first, Timestamp now)
      throws SQLException {
    ps.setTimestamp(first, now); // available_at > now: not yet due
    ps.setTimestamp(first + 1, now); // no lease counts as one that lapsed now
    ps.setTimestamp(first + 2, now); // lease_until > now: someone holds it
  }

  /** As jOOQ binds a {@code LocalDateTime}: the UTC wall-clock time as a JDBC timestamp. */
  private static Timestamp timestamp(Instant i) {
    return Timestamp.valueOf(utc(i));
  }

  private static void setNullable(PreparedStatement ps, int index, @Nullable Instant value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP);
    } else {
      ps.setTimestamp(index, timestamp(value));
    }
  }

  private static void setNullable(PreparedStatement ps, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  /**
   * The rendered statements, for tests and diagnostics: key, session and event inserts, lease,
   * acknowledgements, session update, and the two session selects.
   */
  List<String> sql() {
    return List.of(insertKey, insertSession, insertEvent, leaseOne, acknowledgeOne,
        acknowledgeIfClaimable, updateSession, selectById, selectByToken);
  }

  @Override
  public String toString() {
    return "HotStatements" + sql();
  }
}
