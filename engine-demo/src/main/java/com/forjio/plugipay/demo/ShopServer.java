package com.forjio.plugipay.demo;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionListParams;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.HostedPage;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.PaymentAction;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.adapters.simulator.SimulatorAdapter;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.WebhookVerifier;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop's pages, served by the JDK's HTTP server on 127.0.0.1. Plain HTML forms; the only script
 * is the countdown on the hosted page, which the page works without.
 */
public final class ShopServer {
  private static final Logger LOG = LoggerFactory.getLogger("shop");
  private static final long PRICE = 150_000_00; // IDR 150,000.00

  private final PlugipayEngine engine;
  private final Clock clock;
  /** The shop's own durable record of fulfilled orders (with the H2 store), or null in memory. */
  private final @Nullable Path paidLog;
  private final SimulatorAdapter simulator;
  private final String webhookSecret;
  private final int expiresInSec;
  private final HttpServer http;
  private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "shop-http");
    t.setDaemon(true);
    return t;
  });
  /** Orders the verified webhook marked paid: order id -> session id. */
  private final Map<String, String> paidOrders = new ConcurrentHashMap<>();
  /** Simulated payment reference -> hosted page token, to come back from the provider's page. */
  private final Map<String, String> tokenOfReference = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** Binds 127.0.0.1:{@code port} (0 for any free port) without serving yet. */
  static HttpServer bind(int port) throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
  }

  ShopServer(HttpServer http, PlugipayEngine engine, SimulatorAdapter simulator, String webhookSecret,
      int expiresInSec, Clock clock, @Nullable Path paidLog)
      throws IOException {
    this.engine = engine;
    this.clock = clock;
    this.paidLog = paidLog;
    if (paidLog != null && Files.exists(paidLog)) {
      for (String line : Files.readAllLines(paidLog, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ");
        if (parts.length == 2) {
          paidOrders.put(parts[0], parts[1]);
        }
      }
    }
    this.simulator = simulator;
    this.webhookSecret = webhookSecret;
    this.expiresInSec = expiresInSec;
    this.http = http;
    http.setExecutor(threads);
    http.createContext("/", this::route);
  }

  void start() {
    http.start();
  }

  void stop() {
    http.stop(0);
    threads.shutdownNow();
  }

  int port() {
    return http.getAddress().getPort();
  }

  /** True once the verified webhook marked {@code orderId} paid. */
  public boolean isPaid(String orderId) {
    return paidOrders.containsKey(orderId);
  }

  private String base() {
    return "http://127.0.0.1:" + port();
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    try {
      if (path.equals("/") && method.equals("GET")) {
        product(ex);
      } else if (path.equals("/orders") && method.equals("POST")) {
        checkout(ex);
      } else if (path.equals("/orders") && method.equals("GET")) {
        orders(ex);
      } else if (path.startsWith("/orders/") && path.endsWith("/thanks")) {
        thanks(ex, path.substring(8, path.length() - 7));
      } else if (path.startsWith("/orders/") && path.endsWith("/cancelled")) {
        cancelled(ex, path.substring(8, path.length() - 10));
      } else if (path.startsWith("/c/") && path.endsWith("/pay") && method.equals("POST")) {
        pay(ex, path.substring(3, path.length() - 4));
      } else if (path.startsWith("/c/") && method.equals("GET")) {
        hosted(ex, path.substring(3));
      } else if (path.startsWith("/sim/") && method.equals("POST")) {
        settle(ex, path.substring(5));
      } else if (path.startsWith("/sim/") && method.equals("GET")) {
        simulatorPage(ex, path.substring(5));
      } else if (path.equals("/webhooks/plugipay") && method.equals("POST")) {
        webhook(ex);
      } else {
        send(ex, 404, page("Not found", "<p>Nothing here. <a href=\"/\">Back to the shop</a></p>"));
      }
    } catch (PlugipayException e) {
      send(ex, e.status(), page("Sorry", "<p class=\"error\">" + esc(e.getMessage()) + "</p>"
          + "<p><a href=\"/\">Back to the shop</a></p>"));
    } catch (RuntimeException e) {
      LOG.error("request {} {} failed", method, path, e);
      send(ex, 500, page("Error", "<p class=\"error\">" + esc(e.toString()) + "</p>"));
    }
  }

  private void product(HttpExchange ex) throws IOException {
    String orderId = "o_" + HexFormat.of().formatHex(random.generateSeed(6));
    send(ex, 200, page("Plugipay demo shop", """
        <div class="card product">
          <h2>Pro plan, annual</h2>
          <p class="price">%s</p>
          <p>Everything in the plan, for a year.</p>
          <form method="post" action="/orders">
            <input type="hidden" name="order_id" value="%s">
            <button id="pay-now" type="submit">Pay now</button>
          </form>
        </div>
        <p><a href="/orders">Orders</a></p>""".formatted(money(PRICE, Currency.IDR), orderId)));
  }

  /** Creates (or, on a double submit, finds) the order's session and sends the customer to it. */
  private void checkout(HttpExchange ex) throws IOException {
    Map<String, String> form = form(ex);
    String orderId = form.getOrDefault("order_id", "");
    if (!orderId.matches("o_[0-9a-f]{12}")) {
      throw PlugipayException.invalid("order_id", "unknown order");
    }
    CheckoutSession s = engine.checkoutSessions().create(CheckoutSessionCreateParams.builder()
        .amount(PRICE).currency(Currency.IDR)
        .methods(CheckoutMethod.QRIS, CheckoutMethod.EWALLET, CheckoutMethod.CARD, CheckoutMethod.VA)
        .successUrl(base() + "/orders/" + orderId + "/thanks")
        .cancelUrl(base() + "/orders/" + orderId + "/cancelled")
        .lineItems(List.of(new LineItem("Pro plan, annual", 1, PRICE)))
        .expiresInSec(expiresInSec)
        .metadata(Map.of("order_id", orderId)).build(), RequestOptions.idempotencyKey(orderId));
    redirect(ex, s.hostedUrl());
  }

  private void hosted(HttpExchange ex, String token) throws IOException {
    HostedPage p = engine.hostedCheckout().open(token);
    StringBuilder body = new StringBuilder("<div class=\"card\">");
    body.append("<p class=\"muted\">Checkout ").append(esc(p.sessionId())).append("</p>");
    body.append("<table>");
    for (LineItem item : p.lineItems()) {
      body.append("<tr><td>").append(esc(item.name())).append(" × ").append(item.quantity())
          .append("</td><td class=\"num\">").append(money(item.unitAmount() * item.quantity(), p.currency()))
          .append("</td></tr>");
    }
    body.append("<tr class=\"total\"><td>Total</td><td class=\"num\">").append(money(p.amount(), p.currency()))
        .append("</td></tr></table>");
    body.append("<p id=\"status\" class=\"status ").append(p.status().wireName()).append("\">Status: ")
        .append(p.status().wireName()).append("</p>");
    switch (p.status()) {
      case OPEN -> {
        long left = Math.max(0, Duration.between(clock.instant(), p.expiresAt()).toSeconds());
        body.append("<p>Expires in <span id=\"countdown\" data-left=\"").append(left).append("\">")
            .append(left / 60).append(" min ").append(left % 60).append(" s</span></p>");
        body.append("<form method=\"post\" action=\"/c/").append(esc(token)).append("/pay\" class=\"methods\">");
        for (CheckoutMethod m : p.methods()) {
          body.append("<button name=\"method\" value=\"").append(m.wireName()).append("\" id=\"method-")
              .append(m.wireName()).append("\">").append(label(m)).append("</button>");
        }
        body.append("</form><p><a id=\"give-up\" href=\"").append(esc(p.cancelUrl())).append("\">Cancel and return to the shop</a></p>");
        body.append("""
            <script>
            (function(){var el=document.getElementById('countdown');if(!el)return;var left=+el.dataset.left;
            setInterval(function(){left=Math.max(0,left-1);el.textContent=Math.floor(left/60)+' min '+(left%60)+' s';
            if(left===0)location.reload();},1000);})();
            </script>""");
      }
      case PENDING, PENDING_REVIEW -> {
        PaymentAction a = p.pendingAction();
        if (a != null && a.kind() == PaymentAction.Kind.REDIRECT) {
          body.append("<p><a id=\"continue\" href=\"").append(esc(a.value())).append("\">Continue at ")
              .append(esc(a.adapter())).append("</a></p>");
        } else if (a != null) {
          body.append("<p>").append(esc(a.instructions() == null ? a.value() : a.instructions())).append("</p>");
        }
        body.append("<meta http-equiv=\"refresh\" content=\"2\">");
      }
      case COMPLETED -> body.append("<p><a id=\"back-to-shop\" href=\"").append(esc(p.successUrl()))
          .append("\">Paid. Back to the shop</a></p>");
      default -> body.append("<p>This checkout is over. <a href=\"/\">Start again</a></p>");
    }
    body.append("</div>");
    send(ex, 200, page("Pay " + money(p.amount(), p.currency()), body.toString()));
  }

  private void pay(HttpExchange ex, String token) throws IOException {
    CheckoutMethod method = CheckoutMethod.fromWireName(form(ex).get("method"));
    PaymentAction action = engine.hostedCheckout().pay(token, method);
    if (action.kind() == PaymentAction.Kind.REDIRECT) {
      tokenOfReference.put(action.value().substring(action.value().lastIndexOf('/') + 1), token);
      redirect(ex, action.value());
    } else {
      redirect(ex, "/c/" + token);
    }
  }

  private void simulatorPage(HttpExchange ex, String reference) throws IOException {
    send(ex, 200, page("Simulated provider", """
        <div class="card sim">
          <p class="muted">Sandbox payment %s</p>
          <p>This page stands in for the payment provider.</p>
          <form method="post" action="/sim/%s"><button id="sim-pay" name="outcome" value="paid">Pay</button>
          <button id="sim-fail" name="outcome" value="failed" class="secondary">Fail</button></form>
        </div>""".formatted(esc(reference), esc(reference))));
  }

  private void settle(HttpExchange ex, String reference) throws IOException {
    String outcome = form(ex).getOrDefault("outcome", "");
    ProviderOutcome o = outcome.equals("paid") ? ProviderOutcome.PAID : ProviderOutcome.FAILED;
    String token = tokenOfReference.get(reference);
    if (token == null) {
      throw PlugipayException.invalid("reference", "no simulated payment " + reference);
    }
    simulator.settle(reference, o);
    redirect(ex, o == ProviderOutcome.PAID ? engine.hostedCheckout().open(token).successUrl()
        : "/c/" + token);
  }

  private void thanks(HttpExchange ex, String orderId) throws IOException {
    boolean paid = isPaid(orderId);
    send(ex, 200, page("Thank you", "<div class=\"card\"><p id=\"order-status\" class=\"status "
        + (paid ? "completed\">Order " + esc(orderId) + " is paid." : "pending\">Waiting for the payment"
            + " confirmation of order " + esc(orderId) + "…<meta http-equiv=\"refresh\" content=\"1\">")
        + "</p><p><a href=\"/orders\">Orders</a> · <a href=\"/\">Shop</a></p></div>"));
  }

  private void cancelled(HttpExchange ex, String orderId) throws IOException {
    send(ex, 200, page("Checkout cancelled", "<div class=\"card\"><p id=\"order-status\">Order "
        + esc(orderId) + " was not paid.</p><p><a href=\"/\">Back to the shop</a></p></div>"));
  }

  private void orders(HttpExchange ex) throws IOException {
    StringBuilder rows = new StringBuilder();
    for (CheckoutSession s : engine.checkoutSessions().list(CheckoutSessionListParams.builder().limit(100).build()).data()) {
      String orderId = s.metadata().getOrDefault("order_id", "?");
      rows.append("<tr><td>").append(esc(orderId)).append("</td><td>").append(money(s.amount(), s.currency()))
          .append("</td><td class=\"status ").append(s.status().wireName()).append("\">").append(s.status().wireName())
          .append("</td><td>").append(s.adapter() == null ? "" : esc(s.adapter())).append("</td><td>")
          .append(isPaid(orderId) ? "paid (webhook)" : "").append("</td></tr>");
    }
    send(ex, 200, page("Orders", "<table id=\"orders\"><tr><th>Order</th><th>Amount</th><th>Session</th>"
        + "<th>Adapter</th><th>Fulfilment</th></tr>" + rows + "</table><p><a href=\"/\">Shop</a></p>"));
  }

  /** The receiver: verify the signature with the raw body, act on completed, always 200 once verified. */
  private void webhook(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    Event event;
    try {
      event = WebhookVerifier.verify(body, ex.getRequestHeaders(), webhookSecret);
    } catch (PlugipayException e) {
      LOG.warn("webhook rejected: {}", e.code().wireName());
      send(ex, e.status(), "");
      return;
    }
    if (event instanceof CheckoutSessionEvent e) {
      if (e.type().equals(CheckoutSessionEvent.TYPE_COMPLETED)) {
        String orderId = e.session().metadata().get("order_id");
        if (orderId != null && paidOrders.putIfAbsent(orderId, e.session().id()) == null) {
          LOG.info("order {} paid via {} (session {}, event {})", orderId, e.session().adapter(),
              e.session().id(), e.id());
          if (paidLog != null) {
            synchronized (this) {
              Files.writeString(paidLog, orderId + " " + e.session().id() + "\n",
                  StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND);
            }
          }
        }
      }
    }
    send(ex, 200, "");
  }

  private static String label(CheckoutMethod m) {
    return switch (m) {
      case QRIS -> "QRIS";
      case VA -> "Bank transfer (manual)";
      case EWALLET -> "E-wallet";
      case CARD -> "Card";
      case RETAIL -> "Retail outlet";
      case PAYPAL -> "PayPal";
    };
  }

  private static String money(long minor, Currency c) {
    return c.wireName() + " " + String.format(java.util.Locale.US, "%,.2f", BigDecimal.valueOf(minor, c.minorDigits()));
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    String raw = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(303, -1);
    ex.close();
  }

  private static void send(HttpExchange ex, int status, String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String page(String title, String body) {
    return """
        <!doctype html><html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>%s</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1d2330;background:#f6f7fb}
        h1{font-size:1.4rem} .card{background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 4px #0001;margin-bottom:1rem}
        .price{font-size:1.6rem;font-weight:600} button{font:inherit;padding:.6rem 1rem;border:0;border-radius:8px;background:#3451d1;color:#fff;margin:.2rem;cursor:pointer}
        button.secondary{background:#9aa3b5} table{width:100%%;border-collapse:collapse} td,th{padding:.4rem;border-bottom:1px solid #eee;text-align:left}
        .num{text-align:right} .total td{font-weight:600} .muted{color:#7a8194;font-size:.9rem} .error{color:#b3261e}
        .status.completed{color:#1b7f3b} .status.expired,.status.canceled{color:#b3261e}
        </style></head><body><h1>%s</h1>%s</body></html>""".formatted(esc(title), esc(title), body);
  }
}
