package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The allocation-lean id, token and fingerprint encoders against the JDK's own encoders. */
class IdsAndFingerprintTest {
  private static final CheckoutSessionCreateParams PARAMS = CheckoutSessionCreateParams.builder()
      .amount(150_000_00).currency(Currency.IDR).methods(CheckoutMethod.QRIS, CheckoutMethod.VA)
      .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
      .lineItems(List.of(new LineItem("Pro plan, annual", 1, 150_000_00)))
      .metadata(Map.of("order_id", "o_123", "channel", "web")).build();

  @Test
  void theFingerprintIsBase64urlOfTheSha256OfTheCanonicalForm() throws Exception {
    ByteBuffer canonical = ByteBuffer.allocate(1024);
    number(canonical, 'a', 150_000_00);
    text(canonical, 'c', "IDR");
    number(canonical, 'm', 2);
    text(canonical, 'M', "qris");
    text(canonical, 'M', "va");
    text(canonical, 's', "https://shop.example/ok");
    text(canonical, 'x', "https://shop.example/no");
    text(canonical, 'u', null);
    number(canonical, 'l', 1);
    text(canonical, 'n', "Pro plan, annual");
    number(canonical, 'q', 1);
    number(canonical, 'p', 150_000_00);
    number(canonical, 'e', 3600);
    number(canonical, 'd', 2);
    text(canonical, 'k', "channel");
    text(canonical, 'v', "web");
    text(canonical, 'k', "order_id");
    text(canonical, 'v', "o_123");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(canonical.array(), 0, canonical.position());
    String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());

    assertThat(IdempotencyFingerprint.of(PARAMS, 3600)).isEqualTo(expected).hasSize(43);
  }

  @Test
  void theFingerprintIgnoresMetadataOrderAndSeesEveryField() {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("order_id", "o_123");
    reversed.put("channel", "web");
    String base = IdempotencyFingerprint.of(PARAMS, 3600);
    assertThat(IdempotencyFingerprint.of(params("Pro plan, annual", reversed,
        CheckoutMethod.QRIS, CheckoutMethod.VA), 3600)).isEqualTo(base);
    assertThat(IdempotencyFingerprint.of(PARAMS, 3601)).isNotEqualTo(base);
    assertThat(IdempotencyFingerprint.of(params("Pro plan, annual", reversed,
        CheckoutMethod.VA, CheckoutMethod.QRIS), 3600)).isNotEqualTo(base);
    // a non-ASCII character is part of the canonical form, not dropped or truncated
    String checked = IdempotencyFingerprint.of(
        params("Pro plan, annual \u2713", reversed, CheckoutMethod.QRIS, CheckoutMethod.VA), 3600);
    String heavyChecked = IdempotencyFingerprint.of(
        params("Pro plan, annual \u2714", reversed, CheckoutMethod.QRIS, CheckoutMethod.VA), 3600);
    assertThat(checked).isNotEqualTo(heavyChecked).isNotEqualTo(base);
  }

  private static CheckoutSessionCreateParams params(String itemName, Map<String, String> metadata,
      CheckoutMethod... methods) {
    return CheckoutSessionCreateParams.builder()
        .amount(150_000_00).currency(Currency.IDR).methods(methods)
        .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
        .lineItems(List.of(new LineItem(itemName, 1, 150_000_00)))
        .metadata(metadata).build();
  }

  @Test
  void base64urlMatchesTheJdksForEveryLengthAndOffset() {
    java.util.Random random = new java.util.Random(7);
    for (int length = 0; length <= 40; length++) {
      byte[] in = new byte[length + 3];
      random.nextBytes(in);
      byte[] out = new byte[64];
      int n = Base64Url.encode(in, 3, length, out);
      assertThat(new String(out, 0, n, java.nio.charset.StandardCharsets.US_ASCII))
          .as("length " + length).isEqualTo(Base64.getUrlEncoder().withoutPadding()
              .encodeToString(java.util.Arrays.copyOfRange(in, 3, 3 + length)));
    }
  }

  @Test
  void tokensAre192RandomBitsInBase64url() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      String token = IdSource.hostedToken();
      assertThat(token).hasSize(32).matches("[A-Za-z0-9_-]{32}");
      assertThat(Base64.getUrlDecoder().decode(token)).hasSize(24);
      assertThat(seen.add(token)).as("unique").isTrue();
    }
  }

  @Test
  void idsArePrefixedUlidsWhoseTimeIsTheClocks() {
    Instant at = Instant.parse("2026-11-25T10:15:30.123Z");
    String id = IdSource.sessionId(at);
    assertThat(id).startsWith("cs_").hasSize(29).matches("cs_[0-9A-HJKMNP-TV-Z]{26}");
    long millis = 0;
    for (char c : id.substring(3, 13).toCharArray()) {
      millis = millis * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c);
    }
    assertThat(millis).isEqualTo(at.toEpochMilli());
    assertThat(IdSource.eventId(at)).startsWith("evt_").hasSize(30);
    assertThat(IdSource.createdEventId(id)).isEqualTo("evt_" + id.substring(3));
    assertThat(IdSource.sessionId(at)).isNotEqualTo(id);
    assertThat(IdSource.sessionId(at.plusMillis(1))).isGreaterThan(id.substring(0, 13));
  }

  private static void number(ByteBuffer b, char tag, long value) {
    b.put((byte) tag).putLong(value);
  }

  private static void text(ByteBuffer b, char tag, String value) {
    b.put((byte) tag);
    if (value == null) {
      b.putInt(-1);
      return;
    }
    b.putInt(value.length());
    for (char ch : value.toCharArray()) {
      if (ch < 0x80) {
        b.put((byte) ch);
      } else {
        b.put((byte) 0xFF).putChar(ch);
      }
    }
  }
}
