package com.forjio.plugipay.engine.adapters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider API on 127.0.0.1 for adapter tests: answers scripted per "METHOD /path" (a queue, the
 * last answer repeats), records every request. Bound to loopback only.
 */
public final class StubProvider implements AutoCloseable {
  /** A recorded request. */
  public record Request(String method, String path, String query, Map<String, List<String>> headers,
      String body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  /** A scripted answer. */
  public record Reply(int status, String body, Duration delay) {
    public static Reply json(int status, String body) {
      return new Reply(status, body, Duration.ZERO);
    }
  }

  private final HttpServer server;
  private final Map<String, Deque<Reply>> script = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public StubProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Scripts the answers for {@code "POST /v2/invoices"} (path without query), replacing earlier ones. */
  public StubProvider on(String methodAndPath, Reply... replies) {
    script.put(methodAndPath, new ArrayDeque<>(List.of(replies)));
    return this;
  }

  public List<Request> requests() {
    return requests;
  }

  public List<Request> requests(String methodAndPath) {
    return requests.stream().filter(r -> (r.method() + " " + r.path()).equals(methodAndPath)).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = ex.getRequestURI().getRawPath();
    requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
        Map.copyOf(ex.getRequestHeaders()), body));
    Deque<Reply> replies = script.get(ex.getRequestMethod() + " " + path);
    Reply reply;
    if (replies == null || replies.isEmpty()) {
      reply = Reply.json(404, "{\"error_code\":\"NOT_SCRIPTED\"}");
    } else {
      synchronized (replies) {
        reply = replies.size() > 1 ? replies.poll() : replies.peek();
      }
    }
    if (!reply.delay().isZero()) {
      try {
        Thread.sleep(reply.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
