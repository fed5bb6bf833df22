package com.forjio.plugipay.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A digest of the canonical form of create parameters. Two parameter sets that mean the same session
 * (same amount, currency, methods in the same order, URLs, customer, line items, effective lifetime
 * and metadata, whatever the metadata map's iteration order) have the same fingerprint; any
 * difference changes it.
 *
 * <p>The fingerprint is stored with an explicit idempotency key, to answer a reuse with other
 * parameters with {@code idempotency_mismatch}, and it <em>is</em> the derived key of a create
 * without one. SHA-256 keeps it collision-free for practical purposes, so a derived key never maps
 * two different requests to one session. Each field is written with its length, so no two different
 * field sequences serialize alike.
 */
final class IdempotencyFingerprint {
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(IdempotencyFingerprint::newDigest);
  private static final Base64.Encoder ENCODING = Base64.getUrlEncoder().withoutPadding();

  private IdempotencyFingerprint() {}

  /** The fingerprint of validated parameters with their effective lifetime. */
  static String of(CheckoutSessionCreateParams p, int expiresInSec) {
    StringBuilder canonical = new StringBuilder(256);
    field(canonical, Long.toString(p.amount()));
    field(canonical, p.currency() == null ? "" : p.currency().wireName());
    field(canonical, Integer.toString(p.methods().size()));
    for (CheckoutMethod m : p.methods()) {
      field(canonical, m == null ? "" : m.wireName());
    }
    field(canonical, p.successUrl());
    field(canonical, p.cancelUrl());
    field(canonical, p.customerId());
    field(canonical, Integer.toString(p.lineItems().size()));
    for (LineItem item : p.lineItems()) {
      if (item != null) {
        field(canonical, item.name());
        field(canonical, Long.toString(item.quantity()));
        field(canonical, Long.toString(item.unitAmount()));
      }
    }
    field(canonical, Integer.toString(expiresInSec));
    Map<String, String> metadata = p.metadata();
    field(canonical, Integer.toString(metadata.size()));
    for (Map.Entry<String, String> e : (metadata.size() > 1 ? new TreeMap<>(metadata) : metadata).entrySet()) {
      field(canonical, e.getKey());
      field(canonical, e.getValue());
    }
    MessageDigest digest = SHA256.get();
    digest.reset();
    return ENCODING.encodeToString(digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static void field(StringBuilder sb, @Nullable String value) {
    if (value == null) {
      sb.append("-1:");
    } else {
      sb.append(value.length()).append(':').append(value);
    }
    sb.append('|');
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
