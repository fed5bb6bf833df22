package com.forjio.plugipay.engine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {

  @Test
  void quickStartCompletesTheSessionAndFulfilsTheOrderOnce() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    CheckoutSession paid;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      paid = QuickStart.run(out);
    }
    String log = buffer.toString(StandardCharsets.UTF_8);
    assertThat(paid.status()).isEqualTo(CheckoutSessionStatus.COMPLETED);
    assertThat(paid.adapter()).isEqualTo("manual");
    assertThat(log).contains("(same session: true)");
    assertThat(log.lines().filter(l -> l.startsWith("fulfil")).count()).isEqualTo(1);
    assertThat(log.lines().filter(l -> l.contains("checkout_session.created.v1")).count())
        .isEqualTo(1);
  }
}
