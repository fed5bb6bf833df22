package com.forjio.plugipay.engine.testing;

import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.WebhookVerifier;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A webhook receiver on 127.0.0.1 (an ephemeral port): verifies each POST with the secret and the
 * test's clock and keeps the events it accepted; answers {@link #status} (200 unless set). Thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {
  private final HttpServer server;
  /** The events accepted (answered 2xx), in arrival order. */
  public final List<Event> received = new CopyOnWriteArrayList<>();
  /** What the receiver answers. */
  public final AtomicInteger status = new AtomicInteger(200);
  /** Every POST, answered 2xx or not. */
  public final AtomicInteger posts = new AtomicInteger();

  public WebhookReceiver(String secret, Clock clock) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hooks", ex -> {
      posts.incrementAndGet();
      byte[] body = ex.getRequestBody().readAllBytes();
      int code = status.get();
      if (code / 100 == 2) {
        received.add(WebhookVerifier.withOptions(Duration.ofSeconds(300), clock)
            .check(body, ex.getRequestHeaders(), secret));
      }
      ex.sendResponseHeaders(code, -1);
      ex.close();
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  /** The ids of the events accepted, in arrival order. */
  public List<String> ids() {
    return received.stream().map(Event::id).toList();
  }

  /** Waits (polling, up to 15 s) until {@code condition} holds. */
  public static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 15 s");
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
