package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redelivery backoff: the first retry within the initial delay, doubling, capped, jittered. */
class OutboxBackoffTest {

  @Test
  void backoffDoublesWithJitterAndStopsAtTheCap() {
    OutboxDispatcher d = new OutboxDispatcher(new InMemorySessionStore(), "t", List.of(),
        Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMillis(100), 1);
    try {
      for (int i = 0; i < 200; i++) {
        assertThat(d.backoff(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(d.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(d.backoff(3)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
        assertThat(d.backoff(10)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(d.backoff(1000)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
      }
    } finally {
      d.close();
    }
  }
}
