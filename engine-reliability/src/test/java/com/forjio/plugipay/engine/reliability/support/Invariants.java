package com.forjio.plugipay.engine.reliability.support;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionListParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.CheckoutSessions;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.StoredSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The checks every fault scenario ends with, on the database as it was left: each acknowledged
 * create is there with its {@code created} event and its key still answers with it; each
 * acknowledged transition is reflected in the status with its event; no key has two sessions; no
 * key points at a missing session; no session lacks its events. Problems are collected (with
 * counts into the figures), not thrown, so a run records its numbers before it fails.
 */
public final class Invariants {
  private final List<String> problems = new ArrayList<>();

  /** Problems found so far (examples, at most a few per kind). */
  public List<String> problems() {
    return problems;
  }

  private void problem(Figures f, String counter, String example) {
    f.add(counter, 1);
    if (f.get(counter) <= 5) {
      problems.add(counter + ": " + example);
    }
  }

  /**
   * Checks the ledger against the store, through the SPI ({@code find}, {@code events}) and the
   * engine (a retried create with each acknowledged key must answer its session).
   */
  public Invariants checkLedger(Ledger ledger, SessionStore store, PlugipayEngine engine,
      String accountId, Figures f) {
    f.put("lost_creates", 0).put("lost_transitions", 0).put("missing_events", 0)
        .put("key_answers_other_session", 0);
    for (Map.Entry<String, String> c : ledger.creates().entrySet()) {
      Optional<StoredSession> s = store.find(accountId, c.getValue());
      if (s.isEmpty()) {
        problem(f, "lost_creates", "key " + c.getKey() + " session " + c.getValue() + " not_found");
        continue;
      }
      List<CheckoutSessionEvent> events = store.events(accountId, c.getValue());
      if (events.isEmpty() || !events.get(0).type().equals(CheckoutSessionEvent.TYPE_CREATED)) {
        problem(f, "missing_events", c.getValue() + " has no created event first: " + types(events));
      }
    }
    for (Map.Entry<String, CheckoutSessionStatus> t : ledger.transitions().entrySet()) {
      Optional<StoredSession> s = store.find(accountId, t.getKey());
      CheckoutSessionStatus now = s.map(x -> x.session().status()).orElse(null);
      if (now != t.getValue()) {
        problem(f, "lost_transitions", t.getKey() + " acknowledged " + t.getValue().wireName()
            + ", found " + (now == null ? "nothing" : now.wireName()));
        continue;
      }
      String type = CheckoutSessionEvent.typeFor(t.getValue(), false);
      if (store.events(accountId, t.getKey()).stream().noneMatch(e -> e.type().equals(type))) {
        problem(f, "missing_events", t.getKey() + " is " + now.wireName() + " without " + type);
      }
    }
    CheckoutSessions sessions = engine.forAccount(accountId).checkoutSessions();
    for (Map.Entry<String, String> c : ledger.creates().entrySet()) {
      try {
        String id = sessions.create(Ledger.params(c.getKey()),
            RequestOptions.idempotencyKey(c.getKey())).id();
        if (!id.equals(c.getValue())) {
          problem(f, "key_answers_other_session", c.getKey() + " acknowledged " + c.getValue()
              + ", a retry now answers " + id);
        }
      } catch (PlugipayException e) {
        problem(f, "key_answers_other_session", c.getKey() + " retry failed: " + e);
      }
    }
    return this;
  }

  /** No key (the {@code k} in a session's metadata) has two sessions in the account. */
  public Invariants checkOneSessionPerKey(PlugipayEngine engine, String accountId, Figures f) {
    f.put("keys_with_two_sessions", 0);
    Map<String, List<String>> byKey = new HashMap<>();
    CheckoutSessions sessions = engine.forAccount(accountId).checkoutSessions();
    String cursor = null;
    long total = 0;
    do {
      var page = sessions.list(CheckoutSessionListParams.builder().limit(100).cursor(cursor).build());
      for (CheckoutSession s : page.data()) {
        byKey.computeIfAbsent(s.metadata().getOrDefault("k", "?"), k -> new ArrayList<>()).add(s.id());
        total++;
      }
      cursor = page.hasMore() ? page.cursor() : null;
    } while (cursor != null);
    f.put("sessions", total);
    byKey.forEach((k, ids) -> {
      if (ids.size() > 1) {
        problem(f, "keys_with_two_sessions", k + " -> " + ids);
      }
    });
    return this;
  }

  /**
   * In SQL: no idempotency key points at a missing session, and every session has its events.
   */
  public Invariants checkRows(DataSource ds, Figures f) {
    long orphans = count(ds, "SELECT COUNT(*) FROM plugipay_idempotency_key k WHERE NOT EXISTS"
        + " (SELECT 1 FROM plugipay_checkout_session s WHERE s.id = k.session_id)");
    long eventless = count(ds, "SELECT COUNT(*) FROM plugipay_checkout_session s WHERE NOT EXISTS"
        + " (SELECT 1 FROM plugipay_event e WHERE e.session_id = s.id)");
    f.put("orphan_keys", orphans).put("sessions_without_events", eventless);
    if (orphans > 0) {
      problems.add("orphan_keys: " + orphans + " keys point at no session");
    }
    if (eventless > 0) {
      problems.add("sessions_without_events: " + eventless);
    }
    return this;
  }

  /** One number from SQL. */
  public static long count(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** A column of strings from SQL. */
  public static List<String> strings(DataSource ds, String sql) {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static List<String> types(List<CheckoutSessionEvent> events) {
    return events.stream().map(CheckoutSessionEvent::type).toList();
  }
}
