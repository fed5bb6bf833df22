package com.forjio.plugipay.engine.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionListParams;
import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.CheckoutSessions;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.Page;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.reliability.fuzz.Inputs.CreateInput;
import com.forjio.plugipay.engine.reliability.fuzz.Inputs.ListInput;
import com.forjio.plugipay.engine.reliability.support.Figures;
import com.forjio.plugipay.engine.reliability.support.Invariants;
import com.forjio.plugipay.engine.reliability.support.Ledger;
import com.forjio.plugipay.engine.spi.SessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Combinators;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzing of create, list and cursors on one store (each subclass names its store).
 *
 * <p>What it proves, on every try: the engine answers fuzzed input only with a session, a page or a
 * {@code PlugipayException} carrying a stable code ({@code validation_error} for bad input) —
 * never a raw JDK exception and never {@code store_error}; a refused create leaves nothing behind
 * (no session in its account, no idempotency key — the key then works for a valid create — and in
 * SQL no row of the account in any table); an accepted create is stored verbatim (customer id,
 * URLs, metadata, line-item names read back equal, including unicode, control characters, quotes
 * and SQL metacharacters), has exactly one {@code created} event, answers a retry with its key, and
 * carries an amount the wire can carry (at most 2^53 − 1); a list answers a page whose sessions
 * match its filters, or {@code validation_error}; walking the cursors of a filter returns each
 * matching session exactly once, in order.
 *
 *
 * <p>Subclasses name the store ({@code super("MARIADB", 10)}) and close its fixture after the
 * container ({@code @AfterContainer static void close() { StoreFixture.closeFor(Me.class); }}).
 */
public abstract class FuzzContract implements FuzzTries.Scaled {
  private static final AtomicLong ACCOUNTS = new AtomicLong();
  private static final Map<Class<?>, List<CheckoutSession>> WALK = new ConcurrentHashMap<>();
  private static final long WIRE_MAX = (1L << 53) - 1;

  private final Map<String, Figures> figures = new ConcurrentHashMap<>();

  private final String storeName;
  private final int triesDivisor;

  /**
   * @param storeName {@code "memory"} or a {@link com.forjio.plugipay.engine.reliability.support.TestDb.Kind}
   *     name: where the engine under test keeps its sessions (one {@link StoreFixture} per class)
   * @param triesDivisor {@code plugipay.fuzz.tries} is divided by this (SQL servers run fewer)
   */
  protected FuzzContract(String storeName, int triesDivisor) {
    this.storeName = storeName;
    this.triesDivisor = triesDivisor;
  }

  private StoreFixture fixture() {
    return StoreFixture.of(getClass(), storeName);
  }

  /** The engine under test (no listener, no sweeper). */
  protected PlugipayEngine engine() {
    return fixture().engine();
  }

  /** Its store. */
  protected SessionStore store() {
    return fixture().store();
  }

  /** The store's database, or null for memory. */
  protected DataSource sql() {
    return fixture().sql();
  }

  @Override
  public int triesDivisor() {
    return triesDivisor;
  }

  @Override
  public Figures figures(String property) {
    return figures.computeIfAbsent(property, p -> new Figures("fuzz",
        "jqwik fuzz " + p + " on " + storeName));
  }

  private static String freshAccount() {
    return "fz_" + ProcessHandle.current().pid() + "_" + ACCOUNTS.incrementAndGet();
  }

  @Provide
  Arbitrary<CreateInput> createInputs() {
    return Inputs.creates();
  }

  /** Creates whose text is well-formed UTF-16 without U+0000 (what defect 6 is not about). */
  @Provide
  Arbitrary<CreateInput> wellFormedCreateInputs() {
    return Inputs.creates().filter(FuzzContract::wellFormed);
  }

  private static boolean wellFormed(CreateInput in) {
    List<String> texts = new ArrayList<>(java.util.Arrays.asList(in.successUrl(), in.cancelUrl(),
        in.customerId(), in.key()));
    if (in.metadata() != null) {
      texts.addAll(in.metadata().keySet());
      texts.addAll(in.metadata().values());
    }
    if (in.lineItems() != null) {
      in.lineItems().forEach(i -> texts.add(i.name()));
    }
    for (String t : texts) {
      if (t == null) {
        continue;
      }
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (c == 0) {
          return false;
        }
        if (Character.isHighSurrogate(c)) {
          if (i + 1 >= t.length() || !Character.isLowSurrogate(t.charAt(i + 1))) {
            return false;
          }
          i++;
        } else if (Character.isLowSurrogate(c)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The create contract on well-formed text only: lone surrogates and U+0000 (issue 17 defect 6)
   * are left out, so that this property shows what holds apart from that defect.
   */
  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  @FuzzTries(share = 0.5)
  void createOfWellFormedTextIsAllOrNothingAndStoredVerbatim(
      @ForAll("wellFormedCreateInputs") CreateInput in) {
    createContract("createOfWellFormedTextIsAllOrNothingAndStoredVerbatim", in);
  }

  @Provide
  Arbitrary<ListInput> listInputs() {
    return Inputs.lists();
  }

  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  @FuzzTries(share = 1.0)
  void createIsAllOrNothingAndStoredVerbatim(@ForAll("createInputs") CreateInput in) {
    createContract("createIsAllOrNothingAndStoredVerbatim", in);
  }

  private void createContract(String property, CreateInput in) {
    Figures f = figures(property);
    String account = freshAccount();
    CheckoutSessions sessions = engine().forAccount(account).checkoutSessions();
    CheckoutSessionCreateParams params;
    CheckoutSession s;
    try {
      params = in.params();
      s = in.key() == null ? sessions.create(params)
          : sessions.create(params, RequestOptions.idempotencyKey(in.key()));
    } catch (PlugipayException e) {
      f.add("refused_" + e.code().wireName(), 1);
      f.add("refused_param_" + e.param(), 1);
      assertThat(e.code()).as("code of a refused create: %s", escape(e.toString())).isEqualTo(ErrorCode.VALIDATION_ERROR);
      assertNothingWritten(account, in.key(), sessions);
      return;
    } catch (RuntimeException e) {
      f.add("raw_exceptions", 1);
      throw new AssertionError("a raw exception escaped create: " + e, e);
    }
    f.add("accepted", 1);
    CheckoutSession read = sessions.get(s.id());
    verbatim("customerId", params.customerId(), read.customerId());
    verbatim("successUrl", params.successUrl(), read.successUrl());
    verbatim("cancelUrl", params.cancelUrl(), read.cancelUrl());
    verbatim("metadata", params.metadata(), read.metadata());
    verbatim("lineItems names", params.lineItems().stream().map(LineItem::name).toList(),
        read.lineItems().stream().map(LineItem::name).toList());
    assertThat(read.accountId()).isEqualTo(account);
    assertThat(store().events(account, s.id()).stream().map(CheckoutSessionEvent::type).toList())
        .containsExactly(CheckoutSessionEvent.TYPE_CREATED);
    if (in.key() != null) {
      assertThat(sessions.create(params, RequestOptions.idempotencyKey(in.key())).id())
          .as("a retry with the key").isEqualTo(s.id());
    }
    if (params.customerId() != null) {
      assertThat(sessions.list(CheckoutSessionListParams.builder()
          .customerId(params.customerId()).build()).data()).extracting(CheckoutSession::id)
          .as("the customer filter finds exactly this session").containsExactly(s.id());
    }
  }

  /** Where a U+0000 goes: 0 customer id, 1 key, 2 metadata value, 3 line-item name, 4 URL. */
  @Provide
  Arbitrary<Integer> nulPlaces() {
    return Arbitraries.integers().between(0, 4);
  }

  /**
   * Issue 17 defect 6, its U+0000 half: a NUL in stored text is refused with
   * {@code validation_error} or stored verbatim, never {@code store_error} (PostgreSQL refuses it,
   * SQLState 22021); looked up (ids, tokens, filters, accounts) it finds nothing.
   */
  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  @FuzzTries(share = 0.01)
  void nulIsRefusedOrStoredVerbatimAndFindsNothing(@ForAll("nulPlaces") int place,
      @ForAll @net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.StringLength(
          min = 1, max = 8) String text) {
    String nul = text + "\0" + text;
    String account = freshAccount();
    CheckoutSessions sessions = engine().forAccount(account).checkoutSessions();
    CheckoutSessionCreateParams.Builder b = CheckoutSessionCreateParams.builder().amount(5_000)
        .currency(com.forjio.plugipay.engine.Currency.IDR)
        .methods(com.forjio.plugipay.engine.CheckoutMethod.VA)
        .successUrl(place == 4 ? "https://shop.example/" + nul : "https://shop.example/ok")
        .cancelUrl("https://shop.example/no");
    if (place == 0) {
      b.customerId(nul);
    } else if (place == 2) {
      b.metadata(Map.of("order", nul));
    } else if (place == 3) {
      b.lineItems(List.of(new LineItem(nul, 1, 5_000)));
    }
    CheckoutSessionCreateParams params = b.build();
    try {
      CheckoutSession s = place == 1
          ? sessions.create(params, RequestOptions.idempotencyKey(nul)) : sessions.create(params);
      CheckoutSession read = sessions.get(s.id());
      verbatim("customerId", params.customerId(), read.customerId());
      verbatim("metadata", params.metadata(), read.metadata());
      verbatim("successUrl", params.successUrl(), read.successUrl());
      verbatim("lineItems", params.lineItems(), read.lineItems());
    } catch (PlugipayException e) {
      assertThat(e.code()).as("a NUL at place %d answered %s", place, escape(e.toString()))
          .isEqualTo(ErrorCode.VALIDATION_ERROR);
    }
    for (Supplier<Object> lookup : List.<Supplier<Object>>of(
        () -> sessions.get("cs_" + nul), () -> sessions.cancel("cs_" + nul),
        () -> engine().hostedCheckout().open(nul),
        () -> engine().forAccount(account + "\0").checkoutSessions().get("cs_x"))) {
      try {
        Object found = lookup.get();
        throw new AssertionError("a lookup with a NUL found " + found);
      } catch (PlugipayException e) {
        assertThat(e.code()).as("a lookup with a NUL answered %s", escape(e.toString()))
            .isIn(ErrorCode.NOT_FOUND, ErrorCode.VALIDATION_ERROR);
      }
    }
    try {
      assertThat(sessions.list(CheckoutSessionListParams.builder().customerId("cus_" + nul).build())
          .data()).as("a list filter with a NUL no session has").isEmpty();
    } catch (PlugipayException e) {
      assertThat(e.code()).as("a list filter with a NUL answered %s", escape(e.toString()))
          .isEqualTo(ErrorCode.VALIDATION_ERROR);
    }
  }

  /** Amounts and line-item totals just above what a JavaScript number carries exactly. */
  @Provide
  Arbitrary<long[]> wideAmounts() {
    Arbitrary<Long> above = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of(WIRE_MAX + 1, Long.MAX_VALUE, 1L << 62)),
        Tuple.of(3, Arbitraries.longs().between(WIRE_MAX + 1, Long.MAX_VALUE)));
    return Combinators.combine(above, Arbitraries.integers().between(1, 4))
        .as((amount, quantity) -> new long[] {amount, quantity});
  }

  /**
   * Issue 17 defect 8: an amount, or a line item's total, above 2^53 - 1 cannot cross the wire to
   * the JavaScript SDKs, so create refuses it with {@code validation_error}.
   */
  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  @FuzzTries(share = 0.02)
  void amountsBeyondTheWireAreRefused(@ForAll("wideAmounts") long[] wide) {
    long amount = wide[0];
    long quantity = wide[1];
    CheckoutSessions sessions = engine().forAccount(freshAccount()).checkoutSessions();
    CheckoutSessionCreateParams plain = CheckoutSessionCreateParams.builder().amount(amount)
        .currency(com.forjio.plugipay.engine.Currency.IDR)
        .methods(com.forjio.plugipay.engine.CheckoutMethod.VA)
        .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no").build();
    long unit = amount / quantity;
    CheckoutSessionCreateParams items = CheckoutSessionCreateParams.builder().amount(unit * quantity)
        .currency(com.forjio.plugipay.engine.Currency.IDR)
        .methods(com.forjio.plugipay.engine.CheckoutMethod.VA)
        .lineItems(List.of(new LineItem("wide", quantity, unit)))
        .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no").build();
    for (CheckoutSessionCreateParams p : List.of(plain, items)) {
      if (p.amount() <= WIRE_MAX) {
        continue;
      }
      try {
        CheckoutSession s = sessions.create(p);
        throw new AssertionError("amount " + s.amount() + " (above 2^53 - 1) was accepted: " + s.id());
      } catch (PlugipayException e) {
        assertThat(e.code()).as("refusal of amount %d: %s", p.amount(), e)
            .isEqualTo(ErrorCode.VALIDATION_ERROR);
      }
    }
  }

  /** Equality with a message that shows every character (control characters would cut it). */
  private static void verbatim(String what, Object given, Object stored) {
    if (!java.util.Objects.equals(given, stored)) {
      throw new AssertionError(what + " not stored verbatim: given " + escape(String.valueOf(given))
          + ", read back " + escape(String.valueOf(stored)));
    }
  }

  /** Java-style escapes for everything outside printable ASCII. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format("\\u%04X", (int) c));
      }
    }
    return b.toString();
  }

  /** Whether a store can keep {@code s} as given: no U+0000, no lone surrogate (else refused). */
  private static boolean storable(String s) {
    return s.indexOf('\u0000') < 0
        && new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.nio.charset.StandardCharsets.UTF_8).equals(s);
  }

  private void assertNothingWritten(String account, String key, CheckoutSessions sessions) {
    assertThat(sessions.list().data()).as("sessions left by a refused create").isEmpty();
    DataSource ds = sql();
    if (ds != null) {
      for (String table : List.of("plugipay_checkout_session", "plugipay_idempotency_key",
          "plugipay_event")) {
        assertThat(Invariants.count(ds, "SELECT COUNT(*) FROM " + table + " WHERE account_id = '"
            + account + "'")).as("rows of a refused create in %s", table).isZero();
      }
    }
    if (key != null && !key.isEmpty() && key.length() <= 255 && storable(key)) {
      CheckoutSession fresh = sessions.create(Ledger.params("after-refusal"),
          RequestOptions.idempotencyKey(key));
      assertThat(store().events(account, fresh.id())).as("the key was free: a new session")
          .hasSize(1);
      assertThat(fresh.metadata()).containsEntry("k", "after-refusal");
    }
  }

  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  @FuzzTries(share = 0.5)
  void listAnswersAMatchingPageOrValidationError(@ForAll("listInputs") ListInput in) {
    Figures f = figures("listAnswersAMatchingPageOrValidationError");
    List<CheckoutSession> fixture = walkFixture();
    String account = fixture.get(0).accountId();
    CheckoutSessionListParams params;
    Page<CheckoutSession> page;
    try {
      params = in.params(account);
      page = engine().forAccount(account).checkoutSessions().list(params);
    } catch (PlugipayException e) {
      f.add("refused_" + e.code().wireName(), 1);
      assertThat(e.code()).as("code of a refused list: %s", e).isEqualTo(ErrorCode.VALIDATION_ERROR);
      return;
    } catch (RuntimeException e) {
      f.add("raw_exceptions", 1);
      throw new AssertionError("a raw exception escaped list: " + e, e);
    }
    f.add("pages", 1);
    assertThat(page.data().size()).isLessThanOrEqualTo(params.limit());
    for (CheckoutSession s : page.data()) {
      assertThat(s.accountId()).isEqualTo(account);
      if (params.status() != null) {
        assertThat(s.status()).isEqualTo(params.status());
      }
      if (params.customerId() != null) {
        assertThat(s.customerId()).isEqualTo(params.customerId());
      }
      if (params.createdAfter() != null) {
        assertThat(s.createdAt()).isAfter(params.createdAfter());
      }
      if (params.createdBefore() != null) {
        assertThat(s.createdAt()).isBefore(params.createdBefore());
      }
    }
  }

  @Property
  @FuzzTries(share = 0.02)
  void walkingTheCursorsReturnsEachMatchingSessionOnceInOrder(
      @ForAll @IntRange(min = 1, max = 100) int limit, @ForAll Order order,
      @ForAll("walkFilters") int filter) {
    List<CheckoutSession> fixture = walkFixture();
    String account = fixture.get(0).accountId();
    CheckoutSessionStatus status = filter == 1 ? CheckoutSessionStatus.CANCELED : null;
    String customer = filter == 2 ? "cus_walk_1" : null;
    List<CheckoutSession> expected = new ArrayList<>(fixture.stream()
        .filter(s -> status == null || s.status() == status)
        .filter(s -> customer == null || customer.equals(s.customerId())).toList());
    Comparator<CheckoutSession> byKey = Comparator.comparing(CheckoutSession::createdAt)
        .thenComparing(CheckoutSession::id);
    expected.sort(order == Order.ASC ? byKey : byKey.reversed());
    List<String> walked = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<CheckoutSession> page = engine().forAccount(account).checkoutSessions().list(
          CheckoutSessionListParams.builder().limit(limit).order(order).status(status)
              .customerId(customer).cursor(cursor).build());
      page.data().forEach(s -> walked.add(s.id()));
      cursor = page.hasMore() ? page.cursor() : null;
      assertThat(++pages).as("pages").isLessThanOrEqualTo(expected.size() + 1);
    } while (cursor != null);
    assertThat(walked).containsExactlyElementsOf(expected.stream().map(CheckoutSession::id).toList());
  }

  @Provide
  Arbitrary<Integer> walkFilters() {
    return Arbitraries.integers().between(0, 2);
  }

  /** 37 sessions of one account, a third cancelled, customers cus_walk_0..2, made once. */
  private List<CheckoutSession> walkFixture() {
    return WALK.computeIfAbsent(getClass(), c -> {
      String account = freshAccount();
      CheckoutSessions sessions = engine().forAccount(account).checkoutSessions();
      List<CheckoutSession> made = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 37; i++) {
        CheckoutSession s = sessions.create(CheckoutSessionCreateParams.builder()
            .amount(1_000 + i).currency(com.forjio.plugipay.engine.Currency.IDR)
            .methods(com.forjio.plugipay.engine.CheckoutMethod.VA)
            .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
            .customerId("cus_walk_" + (i % 3)).expiresInSec((int) Duration.ofDays(2).toSeconds())
            .build(), RequestOptions.idempotencyKey("walk-" + i));
        if (i % 3 == 1) {
          s = sessions.cancel(s.id());
        }
        seen.add(s.id());
        made.add(s);
      }
      assertThat(seen).hasSize(37);
      return List.copyOf(made);
    });
  }
}
