package com.forjio.plugipay.engine.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a user would do instead of embedding: the same create behind a loopback HTTP call (JDK
 * {@code HttpServer} and {@code HttpClient}, JSON both ways). Made honest: TCP_NODELAY on, keep-alive,
 * warmed up; the server runs the same in-memory engine, so the difference is the hop.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HttpHopBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dsun.net.httpserver.nodelay=true", "-XX:+AlwaysPreTouch", "-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class HttpHopBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private PlugipayEngine engine;
  private HttpServer server;
  private java.util.concurrent.ExecutorService serverThreads;
  private HttpClient client;
  private URI endpoint;
  private final AtomicLong keys = new AtomicLong();
  private byte[] requestBody;

  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    engine = Fixtures.engine(new InMemorySessionStore());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverThreads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http-hop-server");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(serverThreads);
    server.createContext("/v1/checkout_sessions", ex -> {
      var body = JSON.readTree(ex.getRequestBody().readAllBytes());
      CheckoutSession s = engine.checkoutSessions().create(Fixtures.PARAMS,
          RequestOptions.idempotencyKey(ex.getRequestHeaders().getFirst("Idempotency-Key")));
      ObjectNode out = JSON.createObjectNode();
      out.putObject("data").put("id", s.id()).put("status", s.status().wireName())
          .put("hostedUrl", s.hostedUrl()).put("amount", body.path("amount").asLong());
      byte[] bytes = JSON.writeValueAsBytes(out);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(bytes);
      }
    });
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/checkout_sessions");
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ObjectNode req = JSON.createObjectNode();
    req.put("amount", Fixtures.PARAMS.amount()).put("currency", "IDR")
        .put("successUrl", Fixtures.PARAMS.successUrl()).put("cancelUrl", Fixtures.PARAMS.cancelUrl());
    req.putArray("methods").add("qris").add("va");
    requestBody = JSON.writeValueAsBytes(req);
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    server.stop(0);
    serverThreads.shutdownNow();
    engine.close();
  }

  @Benchmark
  public CheckoutSession create() {
    return engine.checkoutSessions().create(Fixtures.PARAMS,
        RequestOptions.idempotencyKey("e" + keys.incrementAndGet()));
  }

  @Benchmark
  public String create_baseline() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", "h" + keys.incrementAndGet())
        .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return JSON.readTree(response.body()).path("data").path("id").asText();
  }
}
