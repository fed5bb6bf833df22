package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.spi.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** What every benchmark creates, and the bare records its baselines write. */
final class Fixtures {
  static final CheckoutSessionCreateParams PARAMS = CheckoutSessionCreateParams.builder()
      .amount(150_000_00).currency(Currency.IDR).methods(CheckoutMethod.QRIS, CheckoutMethod.VA)
      .successUrl("https://shop.example/orders/o_123?status=paid")
      .cancelUrl("https://shop.example/orders/o_123")
      .lineItems(List.of(new LineItem("Pro plan, annual", 1, 150_000_00)))
      .metadata(Map.of("order_id", "o_123")).build();

  /** The baseline record shares the parameters' immutable collections, as a created session does. */
  private static final List<CheckoutMethod> METHODS = List.of(CheckoutMethod.QRIS, CheckoutMethod.VA);

  private Fixtures() {}

  /** An engine for benchmarking: no background sweeper; events are acknowledged by the dispatcher. */
  static PlugipayEngine engine(SessionStore store) {
    return PlugipayEngine.builder().store(store).expirySweepInterval(Duration.ZERO).build();
  }

  /** The baseline's "equivalent record with a random id": what a bare map insert stores. */
  static CheckoutSession bareRecord() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String id = "cs_" + Long.toString(r.nextLong() & Long.MAX_VALUE, 32) + Long.toString(r.nextLong() & Long.MAX_VALUE, 32);
    Instant now = Instant.now();
    return new CheckoutSession(id, "acct_default", null, PARAMS.amount(), Currency.IDR,
        CheckoutSessionStatus.OPEN, METHODS, null, PARAMS.lineItems(), PARAMS.successUrl(),
        PARAMS.cancelUrl(), "https://pay.example/c/" + id, now.plus(Duration.ofHours(1)), null,
        PARAMS.metadata(), now, now);
  }

  /** The MariaDB the SQL benchmarks use: {@code PLUGIPAY_BENCH_MARIADB_URL}, else the local service. */
  static String mariadbUrl() {
    String url = System.getenv("PLUGIPAY_BENCH_MARIADB_URL");
    return url == null || url.isBlank()
        ? "jdbc:mariadb://127.0.0.1:3306/plugipay_bench?user=root&createDatabaseIfNotExist=true" : url;
  }

  static String h2Url() {
    return "jdbc:h2:file:./target/bench-h2/plugipay-" + ProcessHandle.current().pid()
        + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}
