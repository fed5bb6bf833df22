package com.forjio.plugipay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo shop in headless Chromium (Debian's {@code chromium} and {@code chromedriver}, which
 * {@code .ci/run} installs): pay with the simulator and see the order marked paid by the webhook; give
 * up and land on the cancel page; let the session expire. Screenshots go to
 * {@code engine-demo/target/screenshots}.
 */
class BrowserCheckoutTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** A clock the expiry scenario moves forward. */
  static final class MovableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    @Override
    public Instant instant() {
      return now.get().plusNanos(System.nanoTime() % 1000);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final MovableClock clock = new MovableClock();
  private DemoShop shop;
  private WebDriver browser;
  private String testName;
  private int shot;

  @BeforeEach
  void start(TestInfo info) throws Exception {
    testName = info.getTestMethod().orElseThrow().getName();
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("install Debian's chromium and chromium-driver"
          + " (apt-get install chromium chromium-driver); .ci/run does");
    }
    shop = DemoShop.start(0, "memory", Path.of("target"), 120, clock);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1000,900",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (shop != null) {
      shop.close();
    }
  }

  private void screenshot(String step) throws Exception {
    File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path dir = Files.createDirectories(Path.of("target", "screenshots"));
    Files.copy(png.toPath(), dir.resolve(testName + "-" + (++shot) + "-" + step + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  private String base() {
    return "http://127.0.0.1:" + shop.port();
  }

  @Test
  void payWithTheSimulatorAndTheWebhookMarksTheOrderPaid() throws Exception {
    browser.get(base() + "/");
    screenshot("product");
    browser.findElement(By.id("pay-now")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("method-qris")));
    assertThat(browser.getPageSource()).contains("IDR 150,000.00").contains("Pro plan, annual");
    screenshot("hosted-checkout");
    browser.findElement(By.id("method-qris")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("sim-pay")));
    screenshot("simulator");
    browser.findElement(By.id("sim-pay")).click();
    waiting().until(ExpectedConditions.urlContains("/thanks"));
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("order-status"), "is paid"));
    screenshot("success");
    browser.get(base() + "/orders");
    assertThat(browser.findElement(By.id("orders")).getText()).contains("completed").contains("paid (webhook)");
    screenshot("orders");
  }

  @Test
  void aCustomerWhoGivesUpLandsOnTheCancelPage() throws Exception {
    browser.get(base() + "/");
    browser.findElement(By.id("pay-now")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("give-up")));
    browser.findElement(By.id("give-up")).click();
    waiting().until(ExpectedConditions.urlContains("/cancelled"));
    assertThat(browser.findElement(By.id("order-status")).getText()).contains("was not paid");
    screenshot("cancelled");
  }

  @Test
  void aSessionLeftAloneExpires() throws Exception {
    browser.get(base() + "/");
    browser.findElement(By.id("pay-now")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("countdown")));
    screenshot("countdown");
    clock.now.updateAndGet(t -> t.plusSeconds(121));
    browser.navigate().refresh();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "expired"));
    assertThat(browser.findElements(By.id("method-qris"))).isEmpty();
    screenshot("expired");
  }
}
