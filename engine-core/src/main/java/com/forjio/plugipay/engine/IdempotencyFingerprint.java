package com.forjio.plugipay.engine;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * two different requests to one session.
 *
 * <h2>Canonical form</h2>
 * A sequence of fields, each a tag byte and then either 8 bytes of a number, or 4 bytes of length
 * (in UTF-16 code units; {@code -1} for null) and the string's code units: one byte each below
 * 0x80, otherwise 0xFF and the unit's two bytes. So no two different field sequences serialize
 * alike, and the usual ASCII parameters are hashed at one byte a character. The form is written into a per-thread buffer and digested there: the hot path
 * allocates only the 43-character result.
 */
final class IdempotencyFingerprint {
  private static final ThreadLocal<Canonical> CANONICAL = ThreadLocal.withInitial(Canonical::new);
  /** Base64url of 32 bytes, without padding. */
  static final int LENGTH = 43;

  private IdempotencyFingerprint() {}

  /** The fingerprint of validated parameters with their effective lifetime. */
  static String of(CheckoutSessionCreateParams p, int expiresInSec) {
    Canonical c = CANONICAL.get();
    c.reset();
    c.number('a', p.amount());
    c.text('c', p.currency() == null ? null : p.currency().wireName());
    List<@Nullable CheckoutMethod> methods = p.methods();
    c.number('m', methods.size());
    for (int i = 0; i < methods.size(); i++) {
      CheckoutMethod m = methods.get(i);
      c.text('M', m == null ? null : m.wireName());
    }
    c.text('s', p.successUrl());
    c.text('x', p.cancelUrl());
    c.text('u', p.customerId());
    List<@Nullable LineItem> items = p.lineItems();
    c.number('l', items.size());
    for (int i = 0; i < items.size(); i++) {
      LineItem item = items.get(i);
      if (item != null) {
        c.text('n', item.name());
        c.number('q', item.quantity());
        c.number('p', item.unitAmount());
      }
    }
    c.number('e', expiresInSec);
    Map<String, String> metadata = p.metadata();
    c.number('d', metadata.size());
    if (metadata.size() == 1) {
      Map.Entry<String, String> only = metadata.entrySet().iterator().next();
      c.text('k', only.getKey());
      c.text('v', only.getValue());
    } else if (metadata.size() > 1) {
      List<Map.Entry<String, String>> entries = new ArrayList<>(metadata.entrySet());
      entries.sort(Map.Entry.comparingByKey());
      for (Map.Entry<String, String> e : entries) {
        c.text('k', e.getKey());
        c.text('v', e.getValue());
      }
    }
    return c.digest();
  }

  /** A reusable canonical-form buffer and digest, one per thread. */
  private static final class Canonical {
    private final MessageDigest sha256 = newDigest();
    private final byte[] hash = new byte[32];
    private final byte[] text = new byte[LENGTH];
    private byte[] buf = new byte[512];
    private int n;

    void reset() {
      n = 0;
    }

    void number(char tag, long value) {
      ensure(9);
      buf[n++] = (byte) tag;
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[n++] = (byte) (value >>> shift);
      }
    }

    void text(char tag, @Nullable String value) {
      int len = value == null ? -1 : value.length();
      ensure(5 + 3 * Math.max(len, 0));
      byte[] b = buf; // locals: the loop then keeps its position in a register
      int at = n;
      b[at++] = (byte) tag;
      b[at++] = (byte) (len >>> 24);
      b[at++] = (byte) (len >>> 16);
      b[at++] = (byte) (len >>> 8);
      b[at++] = (byte) len;
      for (int i = 0; i < len; i++) {
        char ch = value.charAt(i);
        if (ch < 0x80) {
          b[at++] = (byte) ch;
        } else { // 0xFF never starts an ASCII character, so the escape is unambiguous
          b[at++] = (byte) 0xFF;
          b[at++] = (byte) (ch >>> 8);
          b[at++] = (byte) ch;
        }
      }
      n = at;
    }

    private void ensure(int more) {
      if (n + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
      }
    }

    String digest() {
      sha256.reset();
      sha256.update(buf, 0, n);
      try {
        sha256.digest(hash, 0, hash.length);
      } catch (DigestException e) {
        throw new IllegalStateException("SHA-256 yields 32 bytes", e);
      }
      Base64Url.encode(hash, 0, hash.length, text);
      return new String(text, 0, LENGTH, StandardCharsets.ISO_8859_1);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
