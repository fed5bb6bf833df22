package com.forjio.plugipay.demo;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.adapters.simulator.SimulatorAdapter;
import com.forjio.plugipay.engine.event.WebhookEndpoint;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A small shop that embeds the engine: a product page, the hosted checkout page, the simulated
 * provider, success and cancel pages, a webhook receiver that verifies signatures and marks orders
 * paid, and an orders page.
 *
 * <pre>
 * --port=8080            where to listen (127.0.0.1)
 * --store=h2             h2 (default: a file under --data, survives restarts), memory, or a JDBC URL
 * --data=./data          where the H2 file lives
 * --expires-in=900       session lifetime in seconds
 * </pre>
 */
public final class DemoShop implements AutoCloseable {
  private final PlugipayEngine engine;
  private final SessionStore store;
  private final ShopServer server;

  private DemoShop(int port, SessionStore store, int expiresInSec, Clock clock,
      @Nullable Path paidLog) throws IOException {
    this.store = store;
    com.sun.net.httpserver.HttpServer http = ShopServer.bind(port);
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    String webhookSecret = "whsec_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    SimulatorAdapter simulator = new SimulatorAdapter(base + "/sim",
        HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
    this.engine = PlugipayEngine.builder().store(store).adapter(simulator).clock(clock)
        .route(CheckoutMethod.VA, "manual").hostedBaseUrl(base + "/c")
        .eventPollInterval(java.time.Duration.ofMillis(100)).build();
    simulator.connect(engine.providerNotifications());
    this.server = new ShopServer(http, engine, simulator, webhookSecret, expiresInSec, clock, paidLog);
    WebhookEndpoint endpoint = engine.webhooks().register(base + "/webhooks/plugipay", webhookSecret, Set.of());
    server.start();
    System.out.println("Plugipay demo shop on " + base + "  (store: " + store + ", webhook " + endpoint.id() + ")");
  }

  /** Starts a shop; {@code store} is "h2", "memory" or a JDBC URL. */
  public static DemoShop start(int port, String store, Path data, int expiresInSec) throws IOException {
    return start(port, store, data, expiresInSec, Clock.systemUTC());
  }

  /** As {@link #start(int, String, Path, int)} with the engine's clock (tests move it to expire sessions). */
  public static DemoShop start(int port, String store, Path data, int expiresInSec, Clock clock)
      throws IOException {
    return new DemoShop(port, store(store, data), expiresInSec, clock,
        store.equals("memory") ? null : data.resolve("paid-orders.txt"));
  }

  private static SessionStore store(String kind, Path data) throws IOException {
    if (kind.equals("memory")) {
      return new InMemorySessionStore();
    }
    if (kind.equals("h2")) {
      Files.createDirectories(data);
      return JooqSessionStore.builder().hikari("jdbc:h2:file:" + data.toAbsolutePath().resolve("plugipay")
          + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "").build();
    }
    if (kind.startsWith("jdbc:")) {
      return JooqSessionStore.builder().hikari(kind, null, null).build();
    }
    throw new IllegalArgumentException("--store must be h2, memory or a jdbc: URL, was " + kind);
  }

  /** The port actually listened on. */
  public int port() {
    return server.port();
  }

  /** The embedded engine. */
  public PlugipayEngine engine() {
    return engine;
  }

  /** The shop's orders, for tests. */
  public ShopServer shop() {
    return server;
  }

  @Override
  public void close() {
    server.stop();
    engine.close();
    store.close();
  }

  public static void main(String[] args) throws Exception {
    int port = 8080;
    String store = "h2";
    Path data = Path.of("data");
    int expiresIn = 900;
    for (String a : args) {
      if (a.startsWith("--port=")) {
        port = Integer.parseInt(a.substring(7));
      } else if (a.startsWith("--store=")) {
        store = a.substring(8);
      } else if (a.startsWith("--data=")) {
        data = Path.of(a.substring(7));
      } else if (a.startsWith("--expires-in=")) {
        expiresIn = Integer.parseInt(a.substring(13));
      } else {
        System.err.println("unknown option " + a + "; see the DemoShop Javadoc");
        System.exit(2);
      }
    }
    DemoShop shop = start(port, store, data, expiresIn);
    Runtime.getRuntime().addShutdownHook(new Thread(shop::close));
    Thread.currentThread().join();
  }
}
