package com.forjio.plugipay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shop end to end over HTTP on 127.0.0.1, on its default H2 file store. */
class DemoShopTest {
  private DemoShop shop;
  private Path data;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() throws Exception {
    data = Files.createTempDirectory(Path.of("target"), "demo-data");
    shop = DemoShop.start(0, "h2", data, 900);
  }

  @AfterEach
  void stop() {
    shop.close();
  }

  private String base() {
    return "http://127.0.0.1:" + shop.port();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base() + url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }

  @Test
  void payNowPayAtTheSimulatorAndTheWebhookMarksTheOrderPaid() throws Exception {
    String product = get("/").body();
    String orderId = group(product, "name=\"order_id\" value=\"(o_[0-9a-f]+)\"");
    HttpResponse<String> first = post("/orders", "order_id=" + orderId);
    HttpResponse<String> doubleClick = post("/orders", "order_id=" + orderId);
    assertThat(first.statusCode()).isEqualTo(303);
    String hostedUrl = first.headers().firstValue("Location").orElseThrow();
    assertThat(doubleClick.headers().firstValue("Location")).contains(hostedUrl);
    assertThat(shop.engine().checkoutSessions().list().data()).hasSize(1);

    String hosted = get(hostedUrl).body();
    assertThat(hosted).contains("IDR 150,000.00").contains("Pro plan, annual").contains("id=\"method-qris\"")
        .contains("id=\"countdown\"");
    String token = hostedUrl.substring(hostedUrl.lastIndexOf('/') + 1);
    HttpResponse<String> toProvider = post("/c/" + token + "/pay", "method=qris");
    assertThat(toProvider.statusCode()).isEqualTo(303);
    String simUrl = toProvider.headers().firstValue("Location").orElseThrow();
    assertThat(simUrl).startsWith(base() + "/sim/sim_");
    assertThat(get(simUrl).body()).contains("id=\"sim-pay\"");
    HttpResponse<String> paid = post(URI.create(simUrl).getPath(), "outcome=paid");
    assertThat(paid.headers().firstValue("Location")).contains(base() + "/orders/" + orderId + "/thanks");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!shop.shop().isPaid(orderId) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(shop.shop().isPaid(orderId)).as("the verified webhook marked the order paid").isTrue();
    assertThat(get("/orders/" + orderId + "/thanks").body()).contains("is paid");
    CheckoutSession session = shop.engine().checkoutSessions().list().data().get(0);
    assertThat(session.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(session.adapter()).isEqualTo("simulator");
    assertThat(get("/orders").body()).contains(orderId).contains("paid (webhook)");

    // the H2 file store and the shop's record survive a restart
    shop.close();
    shop = DemoShop.start(0, "h2", data, 900);
    assertThat(get("/orders").body()).contains(orderId).contains("completed").contains("paid (webhook)");
  }

  @Test
  void aFailedPaymentReturnsToTheHostedPageAndTheCustomerCanGiveUp() throws Exception {
    String orderId = group(get("/").body(), "name=\"order_id\" value=\"(o_[0-9a-f]+)\"");
    String hostedUrl = post("/orders", "order_id=" + orderId).headers().firstValue("Location").orElseThrow();
    String token = hostedUrl.substring(hostedUrl.lastIndexOf('/') + 1);
    String simUrl = post("/c/" + token + "/pay", "method=ewallet").headers().firstValue("Location").orElseThrow();
    HttpResponse<String> failed = post(URI.create(simUrl).getPath(), "outcome=failed");
    assertThat(failed.headers().firstValue("Location")).contains("/c/" + token);
    String again = get(hostedUrl).body();
    assertThat(again).contains("Status: open").contains("id=\"give-up\"");
    assertThat(get("/orders/" + orderId + "/cancelled").body()).contains("was not paid");
    assertThat(shop.shop().isPaid(orderId)).isFalse();
  }

  @Test
  void unknownPagesAndTokensAnswerPolitely() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/c/not-a-token").statusCode()).isEqualTo(404);
    assertThat(post("/orders", "order_id=bogus").statusCode()).isEqualTo(400);
  }
}
