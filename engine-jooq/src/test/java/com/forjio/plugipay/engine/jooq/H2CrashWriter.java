package com.forjio.plugipay.engine.jooq;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The child JVM of {@link H2FileDurabilityTest}: an engine on an H2 file that creates sessions and
 * cancels every other one, printing each operation only once the engine has acknowledged it, until
 * it is killed. Its listener is slow, so undelivered events pile up in the outbox.
 *
 * <p>Arguments: the JDBC URL, and {@code hikari} (the store's own pool) or {@code dataSource} (the
 * application's pool on the same URL).
 */
final class H2CrashWriter {
  private H2CrashWriter() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    JooqSessionStore store;
    if (args[1].equals("hikari")) {
      store = JooqSessionStore.builder().hikari(url, "sa", "").build();
    } else {
      HikariConfig c = new HikariConfig();
      c.setJdbcUrl(url);
      c.setUsername("sa");
      c.setPassword("");
      store = JooqSessionStore.builder().dataSource(new HikariDataSource(c)).build();
    }
    PrintStream out = System.out;
    PlugipayEngine engine = PlugipayEngine.builder().store(store).expirySweepInterval(Duration.ZERO)
        .listener(e -> Thread.sleep(20)).build();
    out.println("ready");
    out.flush();
    for (int i = 0; ; i++) {
      CheckoutSession s = engine.checkoutSessions().create(CheckoutSessionCreateParams.builder()
          .amount(10_000 + i).currency(Currency.IDR).methods(CheckoutMethod.VA)
          .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no").build(),
          RequestOptions.idempotencyKey("crash-" + i));
      out.println("created " + i + " " + s.id());
      out.flush();
      if (i % 2 == 0) {
        engine.checkoutSessions().cancel(s.id());
        out.println("canceled " + s.id());
        out.flush();
      }
    }
  }
}
