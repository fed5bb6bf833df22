package com.forjio.plugipay.engine.reliability.fuzz;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionListParams;
import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.LineItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of create and list inputs, ordinary and hostile. */
public final class Inputs {
  private Inputs() {}

  /** What a fuzzed create sends. Null fields are left unset. */
  public record CreateInput(long amount, Currency currency, List<CheckoutMethod> methods,
      String successUrl, String cancelUrl, String customerId, List<LineItem> lineItems,
      Integer expiresInSec, Map<String, String> metadata, String key, boolean amountIsSum) {

    /** The parameters, as a client would build them. */
    public CheckoutSessionCreateParams params() {
      CheckoutSessionCreateParams.Builder b = CheckoutSessionCreateParams.builder()
          .amount(amountIsSum && lineItems != null ? sum(lineItems) : amount)
          .currency(currency).methods(methods).successUrl(successUrl).cancelUrl(cancelUrl)
          .customerId(customerId).lineItems(lineItems).metadata(metadata);
      if (expiresInSec != null) {
        b.expiresInSec(expiresInSec);
      }
      return b.build();
    }

    private static long sum(List<LineItem> items) {
      long s = 0;
      for (LineItem i : items) {
        s += i.quantity() * i.unitAmount();
      }
      return s;
    }
  }

  /** Fuzzed creates: mostly valid, every field sometimes hostile. */
  public static Arbitrary<CreateInput> creates() {
    Arbitrary<Long> amount = Arbitraries.frequencyOf(
        Tuple.of(18, Arbitraries.longs().between(1, 1_000_000_000L)),
        Tuple.of(1, Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) - 1,
            1L << 53, 1L << 62)),
        Tuple.of(1, Arbitraries.longs()));
    // Mostly what a zero-configuration engine serves (bank transfer, rupiah QRIS), so that most
    // creates reach the store; sometimes any method, currency or none.
    Arbitrary<Currency> currency = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just(Currency.IDR)),
        Tuple.of(2, Arbitraries.of(Currency.class))).injectNull(0.02);
    Arbitrary<List<CheckoutMethod>> methods = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of(CheckoutMethod.VA, CheckoutMethod.QRIS).list().ofMinSize(1)
            .ofMaxSize(2).uniqueElements()),
        Tuple.of(2, Arbitraries.of(CheckoutMethod.class).list().ofMinSize(1).ofMaxSize(3)
            .uniqueElements())).injectNull(0.02);
    Arbitrary<String> url = Arbitraries.frequencyOf(
        Tuple.of(30, Hostile.text().map(t -> "https://shop.example/" + t)),
        Tuple.of(1, Hostile.text()), Tuple.of(1, Arbitraries.just((String) null)));
    Arbitrary<String> customer = Hostile.mostlyPlain("cus_").injectNull(0.4);
    Arbitrary<LineItem> item = Combinators.combine(Hostile.mostlyPlain("item ").injectNull(0.1),
        Arbitraries.longs().between(-1, 5).filter(q -> q != 0),
        Arbitraries.longs().between(-10, 1_000_000))
        .as(LineItem::new);
    Arbitrary<List<LineItem>> items = item.list().ofMaxSize(3).injectNull(0.6);
    Arbitrary<Integer> expires = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just((Integer) null)),
        Tuple.of(3, Arbitraries.integers().between(60, 2_592_000)),
        Tuple.of(1, Arbitraries.integers()));
    Arbitrary<Map<String, String>> metadata = Arbitraries.maps(Hostile.mostlyPlain("m_"),
        Hostile.text()).ofMaxSize(4).injectNull(0.3);
    Arbitrary<String> key = Hostile.mostlyPlain("key-").injectNull(0.2);
    Arbitrary<CreateInput> partial = Combinators.combine(amount, currency, methods, url, url,
            customer, items, expires)
        .as((a, c, m, s, x, cu, li, e) -> new CreateInput(a, c, m, s, x, cu, li, e, null, null,
            false));
    return Combinators.combine(partial, metadata, key, Arbitraries.of(true, false))
        .as((p, md, k, sum) -> new CreateInput(p.amount(), p.currency(), p.methods(),
            p.successUrl(), p.cancelUrl(), p.customerId(), p.lineItems(), p.expiresInSec(), md, k,
            sum));
  }

  /** What a fuzzed list sends; {@link #params(String)} builds it for an account. */
  public record ListInput(CheckoutSessionStatus status, String customerId, int limit,
      String cursor, boolean forgeCursor, long forgedSeconds, int forgedNanos, Order order,
      Instant createdAfter, Instant createdBefore) {

    /** The parameters; a forged cursor names {@code accountId}, so only its position is forged. */
    public CheckoutSessionListParams params(String accountId) {
      String c = cursor;
      if (forgeCursor) {
        String raw = "v1|" + accountId + "|" + (order == null ? "desc" : order.wireName()) + "|"
            + forgedSeconds + "|" + forgedNanos + "|" + (cursor == null ? "cs_x" : "cs_" + cursor);
        c = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
      }
      return CheckoutSessionListParams.builder().status(status).customerId(customerId).limit(limit)
          .cursor(c).order(order).createdAfter(createdAfter).createdBefore(createdBefore).build();
    }
  }

  /** Instants at and beyond every database's range, and ordinary ones. */
  public static Arbitrary<Instant> instants() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH,
            Instant.parse("+300000-01-01T00:00:00Z"), Instant.parse("-5000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("1969-12-31T23:59:59.999999999Z"))),
        Tuple.of(3, Arbitraries.longs().between(Instant.MIN.getEpochSecond(),
            Instant.MAX.getEpochSecond()).map(Instant::ofEpochSecond)),
        Tuple.of(4, Arbitraries.longs().between(-86_400L * 365 * 50, 86_400L * 365 * 50)
            .map(s -> Instant.now().plusSeconds(s))));
  }

  /** Fuzzed lists: filters, limits, garbage and forged cursors, extreme bounds. */
  public static Arbitrary<ListInput> lists() {
    Arbitrary<Integer> limit = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.integers().between(1, 100)),
        Tuple.of(2, Arbitraries.of(0, -1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    Arbitrary<Long> seconds = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, Instant.MAX.getEpochSecond(),
            Instant.MAX.getEpochSecond() + 1, Instant.MIN.getEpochSecond() - 1,
            Instant.MIN.getEpochSecond(), 0L, -1L, 253_402_300_800L, -62_135_596_801L)),
        Tuple.of(2, Arbitraries.longs()),
        Tuple.of(1, Arbitraries.longs().between(0, 4_000_000_000L)));
    Arbitrary<Integer> nanos = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0, 999_999_999)),
        Tuple.of(1, Arbitraries.of(-1, 1_000_000_000, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    Arbitrary<String> cursor = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just((String) null)), Tuple.of(2, Hostile.text()),
        Tuple.of(1, Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_").ofMaxLength(80)));
    Arbitrary<ListInput> partial = Combinators.combine(
            Arbitraries.of(CheckoutSessionStatus.class).injectNull(0.6),
            Hostile.mostlyPlain("cus_").injectNull(0.6), limit, cursor,
            Arbitraries.of(true, false), seconds, nanos,
            Arbitraries.of(Order.class).injectNull(0.5))
        .as((st, cu, l, c, forge, s, n, o) -> new ListInput(st, cu, l, c, forge, s, n, o, null, null));
    return Combinators.combine(partial, instants().injectNull(0.6), instants().injectNull(0.6))
        .as((p, after, before) -> new ListInput(p.status(), p.customerId(), p.limit(), p.cursor(),
            p.forgeCursor(), p.forgedSeconds(), p.forgedNanos(), p.order(), after, before));
  }
}
