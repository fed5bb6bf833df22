package com.forjio.plugipay.engine.event;

import com.forjio.plugipay.engine.PlugipayException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies the way Plugipay does: header {@value #HEADER} with value
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">} keyed by the endpoint's secret.
 */
public final class WebhookSigner {
  /** The header a delivery carries. */
  public static final String HEADER = "X-Plugipay-Signature";

  private WebhookSigner() {}

  /**
   * The signature header value for {@code body} sent at {@code unixSeconds}.
   *
   * @throws PlugipayException {@code validation_error} on {@code secret} when it is empty
   */
  public static String sign(byte[] body, String secret, long unixSeconds) {
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(body, secret, unixSeconds));
  }

  static byte[] hmac(byte[] body, String secret, long unixSeconds) {
    if (secret == null || secret.isEmpty()) {
      throw PlugipayException.invalid("secret", "a webhook secret is required");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }
}
