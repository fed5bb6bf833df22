package com.forjio.plugipay.engine.examples;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessions;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's quick start as a program: a zero-configuration engine, a manual (bank transfer)
 * checkout session created twice by a double-clicked "Pay now", confirmed by the merchant, and the
 * {@code completed} event that fulfils the order. Run it with
 * {@code ./mvnw -q -pl engine-core -am test-compile exec:java -Pquickstart}.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  /** Runs the flow, printing what happens; returns the completed session. */
  public static CheckoutSession run(PrintStream out) throws InterruptedException {
    CountDownLatch fulfilled = new CountDownLatch(1);
    try (PlugipayEngine engine = PlugipayEngine.builder()
        .listener(event -> {
          out.println("event     " + event.type() + " " + event.id());
          if (event instanceof CheckoutSessionEvent e
              && e.type().equals(CheckoutSessionEvent.TYPE_COMPLETED)) {
            out.println("fulfil    order " + e.session().metadata().get("order_id"));
            fulfilled.countDown();
          }
        })
        .build()) {
      CheckoutSessions sessions = engine.checkoutSessions();
      CheckoutSessionCreateParams params = CheckoutSessionCreateParams.builder()
          .amount(150_000_00).currency(Currency.IDR)
          .methods(CheckoutMethod.QRIS, CheckoutMethod.VA)
          .successUrl("https://shop.example/orders/o_123?status=paid")
          .cancelUrl("https://shop.example/orders/o_123")
          .lineItems(List.of(new LineItem("Pro plan, annual", 1, 150_000_00)))
          .metadata(Map.of("order_id", "o_123"))
          .build();
      CheckoutSession session = sessions.create(params);
      CheckoutSession again = sessions.create(params); // double-click: the same session
      out.println("created   " + session.id() + " " + session.status().wireName() + " -> "
          + session.hostedUrl());
      out.println("again     " + again.id() + " (same session: " + again.id().equals(session.id()) + ")");
      CheckoutSession paid = sessions.confirm(session.id()); // the merchant saw the transfer
      out.println("confirmed " + paid.id() + " " + paid.status().wireName() + " via " + paid.adapter());
      if (!fulfilled.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the completed event did not arrive");
      }
      return paid;
    }
  }
}
