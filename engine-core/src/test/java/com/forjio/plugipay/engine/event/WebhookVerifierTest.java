package com.forjio.plugipay.engine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.PlugipayException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {
  private static final String SECRET = "whsec_test_123";
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private final WebhookVerifier verifier = WebhookVerifier.withOptions(Duration.ofSeconds(300),
      Clock.fixed(NOW, ZoneOffset.UTC));

  private static CheckoutSessionEvent event() {
    CheckoutSession s = new CheckoutSession("cs_01KAB5W4Z6Q3N0Y8X7V2T1S9RP", "acct_default", null, 150_000_00,
        Currency.IDR, CheckoutSessionStatus.COMPLETED, List.of(CheckoutMethod.QRIS, CheckoutMethod.VA), "manual",
        List.of(new LineItem("Pro plan \u2014 \"annual\"", 1, 150_000_00)), "https://shop.example/ok",
        "https://shop.example/no", "https://pay.example/c/tok", NOW.plusSeconds(3600), NOW.minusSeconds(5),
        Map.of("order_id", "o_123"), NOW.minusSeconds(60), NOW.minusSeconds(5));
    return new CheckoutSessionEvent("evt_01KAB5W4Z6Q3N0Y8X7V2T1S9RQ", CheckoutSessionEvent.TYPE_COMPLETED,
        "acct_default", NOW.minusSeconds(5), s);
  }

  private static void fails(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(PlugipayException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void aSignedEventVerifiesAndRoundTripsThroughTheWireFormat() {
    CheckoutSessionEvent e = event();
    byte[] body = EventJson.toJson(e);
    String header = WebhookSigner.sign(body, SECRET, NOW.getEpochSecond());
    assertThat(verifier.check(body, header, SECRET)).isEqualTo(e);
    assertThat(verifier.check(body, Map.of("Plugipay-Signature", List.of(header)), SECRET)).isEqualTo(e);
    assertThat(verifier.check(body, Map.of("x-plugipay-signature", List.of(header)), SECRET)).isEqualTo(e);
    String json = new String(body, StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"id\":\"evt_").contains("\"type\":\"plugipay.checkout_session.completed.v1\"")
        .contains("\"data\":{\"object\":{\"id\":\"cs_").contains("\"status\":\"completed\"")
        .contains("\"methods\":[\"qris\",\"va\"]").contains("\"customerId\":null")
        .contains("\"metadata\":{\"order_id\":\"o_123\"}").contains("\"occurredAt\":\"2026-11-24T09:59:55Z\"");
  }

  @Test
  void theSignatureIsTheDocumentedHmacOfTimestampDotBody() throws Exception {
    byte[] body = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal(("1700000000." + "{\"id\":\"evt_1\"}").getBytes(StandardCharsets.UTF_8)));
    assertThat(WebhookSigner.sign(body, SECRET, 1_700_000_000L)).isEqualTo("t=1700000000,v1=" + expected);
  }

  @Test
  void tamperingWrongSecretStaleFutureAndMalformedAreRefusedWithTheirCodes() {
    byte[] body = EventJson.toJson(event());
    long t = NOW.getEpochSecond();
    String header = WebhookSigner.sign(body, SECRET, t);
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("15000000", "15000001").getBytes(StandardCharsets.UTF_8);
    fails(() -> verifier.check(tampered, header, SECRET), ErrorCode.SIGNATURE_INVALID);
    fails(() -> verifier.check(body, header, "whsec_other"), ErrorCode.SIGNATURE_INVALID);
    fails(() -> verifier.check(body, WebhookSigner.sign(body, SECRET, t - 301), SECRET), ErrorCode.SIGNATURE_STALE);
    fails(() -> verifier.check(body, WebhookSigner.sign(body, SECRET, t + 301), SECRET), ErrorCode.SIGNATURE_STALE);
    assertThat(verifier.check(body, WebhookSigner.sign(body, SECRET, t - 300), SECRET)).isNotNull();
    fails(() -> verifier.check(body, (String) null, SECRET), ErrorCode.SIGNATURE_MISSING);
    fails(() -> verifier.check(body, header, ""), ErrorCode.SIGNATURE_MISSING);
    fails(() -> verifier.check(body, Map.of(), SECRET), ErrorCode.SIGNATURE_MISSING);
    fails(() -> verifier.check(null, header, SECRET), ErrorCode.INVALID_PAYLOAD);
    fails(() -> verifier.check(body, "v1=abcd", SECRET), ErrorCode.SIGNATURE_MALFORMED);
    fails(() -> verifier.check(body, "t=" + t, SECRET), ErrorCode.SIGNATURE_MALFORMED);
    fails(() -> verifier.check(body, "t=" + t + ",v1=not-hex", SECRET), ErrorCode.SIGNATURE_MALFORMED);
    fails(() -> verifier.check(body, "t=abc,v1=abcd", SECRET), ErrorCode.SIGNATURE_MALFORMED);
    assertThat(verifier.check(body, " t = " + t + " , v9=zz, " + header.substring(header.indexOf("v1=")), SECRET))
        .as("spaces trimmed, unknown keys ignored").isNotNull();
  }

  /** Issue 17, defect 7: {@code now + Long.MIN_VALUE} wrapped around in the age check and passed. */
  @Test
  void timestampsSoFarOffThatTheirAgeOverflowsAreStaleInBothDirections() {
    byte[] body = EventJson.toJson(event());
    long t = NOW.getEpochSecond();
    for (long far : new long[] {t + Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, t + Long.MAX_VALUE,
        -t, t - Long.MAX_VALUE}) {
      fails(() -> verifier.check(body, WebhookSigner.sign(body, SECRET, far), SECRET),
          ErrorCode.SIGNATURE_STALE);
    }
    WebhookVerifier lenient = WebhookVerifier.withOptions(Duration.ofSeconds(Long.MAX_VALUE),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(lenient.check(body, WebhookSigner.sign(body, SECRET, 0), SECRET))
        .as("a tolerance of Long.MAX_VALUE seconds admits the epoch").isNotNull();
    fails(() -> lenient.check(body, WebhookSigner.sign(body, SECRET, t + Long.MIN_VALUE), SECRET),
        ErrorCode.SIGNATURE_STALE);
  }

  @Test
  void aCorrectlySignedBodyThatIsNotAnEventIsAnInvalidPayload() {
    byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
    fails(() -> verifier.check(body, WebhookSigner.sign(body, SECRET, NOW.getEpochSecond()), SECRET),
        ErrorCode.INVALID_PAYLOAD);
    byte[] noObject = "{\"id\":\"evt_1\",\"type\":\"x\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
    fails(() -> verifier.check(noObject, WebhookSigner.sign(noObject, SECRET, NOW.getEpochSecond()), SECRET),
        ErrorCode.INVALID_PAYLOAD);
  }

  @Test
  void theDefaultVerifierUsesTheSystemClock() {
    byte[] body = EventJson.toJson(event());
    String header = WebhookSigner.sign(body, SECRET, Instant.now().getEpochSecond());
    assertThat(WebhookVerifier.verify(body, header, SECRET).id()).isEqualTo("evt_01KAB5W4Z6Q3N0Y8X7V2T1S9RQ");
    fails(() -> WebhookVerifier.withOptions(Duration.ofSeconds(-1), Clock.systemUTC()), ErrorCode.VALIDATION_ERROR);
    String old = WebhookSigner.sign(body, SECRET, NOW.getEpochSecond() - 1000);
    fails(() -> WebhookVerifier.verify(body, old, SECRET), ErrorCode.SIGNATURE_STALE);
    assertThat(WebhookVerifier.verify(body, old, SECRET, Duration.ofSeconds(1000), Clock.fixed(NOW, ZoneOffset.UTC)))
        .isNotNull();
  }
}
