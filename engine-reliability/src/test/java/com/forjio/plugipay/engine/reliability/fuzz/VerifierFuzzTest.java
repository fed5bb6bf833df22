package com.forjio.plugipay.engine.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.EventJson;
import com.forjio.plugipay.engine.event.WebhookSigner;
import com.forjio.plugipay.engine.event.WebhookVerifier;
import com.forjio.plugipay.engine.reliability.support.Figures;
import com.forjio.plugipay.engine.reliability.support.Ledger;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzing of {@link WebhookVerifier}: bodies (a real event's JSON, altered or not, or garbage),
 * secrets, and signature headers (correct ones at any timestamp, one hex digit changed, or hostile
 * text). The verifier, on a fixed clock with the default 300 s tolerance, must accept exactly the
 * bodies correctly signed with the secret at a timestamp within 300 s of now, either direction,
 * and answer everything else with a {@code PlugipayException} whose code is one of
 * {@code signature_missing, signature_malformed, signature_stale, signature_invalid,
 * invalid_payload} — never a raw exception. Issue 17 defect 7 (a timestamp of
 * {@code now + Long.MIN_VALUE} accepted, the age check overflowing) fails it until fixed.
 */
class VerifierFuzzTest implements FuzzTries.Scaled {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Set<ErrorCode> CODES = EnumSet.of(ErrorCode.SIGNATURE_MISSING,
      ErrorCode.SIGNATURE_MALFORMED, ErrorCode.SIGNATURE_STALE, ErrorCode.SIGNATURE_INVALID,
      ErrorCode.INVALID_PAYLOAD);
  private static volatile byte[] realBody;

  private final ConcurrentHashMap<String, Figures> figures = new ConcurrentHashMap<>();

  @Override
  public int triesDivisor() {
    return 1;
  }

  @Override
  public Figures figures(String property) {
    return figures.computeIfAbsent(property, p -> new Figures("fuzz", "jqwik fuzz " + p
        + " on the webhook verifier"));
  }

  /** One signed delivery as an engine would send it. */
  private static byte[] realBody() throws InterruptedException {
    if (realBody == null) {
      BlockingQueue<Event> events = new ArrayBlockingQueue<>(4);
      try (PlugipayEngine engine = PlugipayEngine.builder().listener(events::add)
          .expirySweepInterval(Duration.ZERO).build()) {
        CheckoutSession s = engine.checkoutSessions().create(Ledger.params("verifier"));
        Event e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("the created event of %s", s.id()).isNotNull();
        realBody = EventJson.toJson(e);
      }
    }
    return realBody;
  }

  /** A delivery to verify. */
  record Delivery(byte[] body, String secret, String header, long timestamp, boolean correct) {
    @Override
    public String toString() {
      return "Delivery[body=" + new String(body, StandardCharsets.UTF_8).length() + " chars, secret="
          + secret + ", header=" + header + ", correct=" + correct + "]";
    }
  }

  @Provide
  Arbitrary<Delivery> deliveries() throws InterruptedException {
    byte[] real = realBody();
    Arbitrary<byte[]> body = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(real)),
        Tuple.of(2, Arbitraries.integers().between(0, real.length - 1)
            .map(i -> { byte[] b = real.clone(); b[i] ^= 0x01; return b; })),
        Tuple.of(2, Hostile.text().map(t -> t.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)));
    Arbitrary<String> secret = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just("whsec_test")), Tuple.of(3, Hostile.text()),
        Tuple.of(1, Arbitraries.just((String) null)));
    Arbitrary<Long> offset = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().between(-300, 300)),
        Tuple.of(2, Arbitraries.of(-301L, 301L, 300L, -300L, 0L, Long.MIN_VALUE, Long.MAX_VALUE,
            Long.MIN_VALUE + 1, -NOW.getEpochSecond(), Long.MIN_VALUE + NOW.getEpochSecond())),
        Tuple.of(2, Arbitraries.longs()));
    Arbitrary<Integer> form = Arbitraries.integers().between(0, 9);
    return Combinators.combine(body, secret, offset, form, Hostile.text())
        .as((b, s, off, kind, junk) -> {
          long ts = NOW.getEpochSecond() + off; // wraps, as a forger's number would
          if (kind < 5 && s != null && !s.isEmpty()) {
            String header = WebhookSigner.sign(real, s, ts);
            return new Delivery(b, s, header, ts, b == real);
          }
          if (kind < 7 && s != null && !s.isEmpty()) {
            String header = WebhookSigner.sign(real, s, ts);
            char last = header.charAt(header.length() - 1);
            header = header.substring(0, header.length() - 1) + (last == '0' ? '1' : '0');
            return new Delivery(b, s, header, ts, false);
          }
          return new Delivery(b, s, kind == 9 ? null : junk, ts, false);
        });
  }

  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  @FuzzTries(share = 1.0)
  void acceptsExactlyFreshCorrectSignatures(@ForAll("deliveries") Delivery d) {
    Figures f = figures("acceptsExactlyFreshCorrectSignatures");
    WebhookVerifier verifier = WebhookVerifier.withOptions(WebhookVerifier.DEFAULT_TOLERANCE,
        Clock.fixed(NOW, ZoneOffset.UTC));
    boolean fresh = BigInteger.valueOf(d.timestamp()).subtract(BigInteger.valueOf(NOW.getEpochSecond()))
        .abs().compareTo(BigInteger.valueOf(300)) <= 0;
    boolean shouldAccept = d.correct() && fresh;
    Event e;
    try {
      e = verifier.check(d.body(), d.header(), d.secret());
    } catch (PlugipayException ex) {
      f.add("refused_" + ex.code().wireName(), 1);
      assertThat(CODES).as("code of a refusal: %s", ex).contains(ex.code());
      assertThat(shouldAccept).as("a fresh, correctly signed delivery refused: %s", ex).isFalse();
      return;
    } catch (RuntimeException ex) {
      f.add("raw_exceptions", 1);
      throw new AssertionError("a raw exception escaped the verifier: " + ex, ex);
    }
    f.add("accepted", 1);
    assertThat(shouldAccept).as("accepted although %s", d.correct()
        ? "its timestamp is " + (d.timestamp() - NOW.getEpochSecond()) + " s from now (wrapped)"
        : "it is not correctly signed").isTrue();
    assertThat(e).isNotNull();
  }
}
