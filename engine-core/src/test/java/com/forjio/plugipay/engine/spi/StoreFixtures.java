package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.LineItem;
import com.forjio.plugipay.engine.PaymentAction;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Builds the records the store contract feeds to a store: sessions with unique ids and tokens,
 * their events, create and transition requests. Times have microsecond precision, as SQL keeps.
 */
public final class StoreFixtures {
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() & 0xFFFF_FFFFL);

  /** 2026-03-01T10:00:00Z, the contract's "now". */
  public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private StoreFixtures() {}

  /** A fresh 26-character Crockford id body, unique in this JVM and increasing. */
  public static String ulidBody() {
    long n = SEQ.incrementAndGet();
    char[] out = new char[26];
    for (int i = 25; i >= 0; i--) {
      out[i] = CROCKFORD[(int) (n & 31)];
      n >>>= 5;
    }
    return new String(out);
  }

  public static String sessionId() {
    return "cs_" + ulidBody();
  }

  public static String eventId() {
    return "evt_" + ulidBody();
  }

  /** An open session of {@code account} created at {@code createdAt}, expiring an hour later. */
  public static StoredSession open(String account, Instant createdAt) {
    return open(account, createdAt, createdAt.plus(Duration.ofHours(1)), null);
  }

  public static StoredSession open(String account, Instant createdAt, Instant expiresAt,
      @Nullable String customerId) {
    String id = sessionId();
    String token = "tok" + ulidBody();
    CheckoutSession s = new CheckoutSession(id, account, customerId, 150_000_00, Currency.IDR,
        CheckoutSessionStatus.OPEN, List.of(CheckoutMethod.QRIS, CheckoutMethod.VA), null,
        List.of(new LineItem("Pro plan \u2014 annual", 1, 150_000_00)),
        "https://shop.example/ok", "https://shop.example/cancel",
        "https://pay.example/c/" + token, expiresAt, null, Map.of("order_id", "o_" + id),
        createdAt, createdAt);
    return new StoredSession(s, 1, token);
  }

  public static CheckoutSessionEvent eventFor(CheckoutSession s, boolean isNew, Instant at) {
    return new CheckoutSessionEvent(eventId(), CheckoutSessionEvent.typeFor(s.status(), isNew),
        s.accountId(), at, s);
  }

  /** A create of {@code stored} under an explicit key that expires a day after {@code now}. */
  public static CreateSessionRequest create(StoredSession stored, String key, String fingerprint,
      Instant now) {
    return new CreateSessionRequest(stored, eventFor(stored.session(), true, now),
        "checkout_session.create", key, false, fingerprint, now.plus(Duration.ofDays(1)), now);
  }

  /** A create under a derived key (the fingerprint itself), kept until the session expires. */
  public static CreateSessionRequest createDerived(StoredSession stored, String fingerprint,
      Instant now) {
    return new CreateSessionRequest(stored, eventFor(stored.session(), true, now),
        "checkout_session.create", fingerprint, true, fingerprint,
        stored.session().expiresAt(), now);
  }

  /** An attempt to pay {@code s} through {@code adapter}, known there as {@code providerReference}. */
  public static PaymentAttempt attempt(CheckoutSession s, String adapter,
      @Nullable String providerReference, Instant at) {
    return new PaymentAttempt("pa_" + ulidBody(), s.accountId(), s.id(), adapter, CheckoutMethod.QRIS,
        providerReference, PaymentAction.Kind.REDIRECT, "https://provider.example/pay/" + ulidBody(),
        "Pay at the provider \u2014 \u00fcnïcode ok", at);
  }

  /** A move to pending that stores {@code attempt} with it. */
  public static TransitionRequest startPayment(StoredSession current, PaymentAttempt attempt,
      Instant at) {
    CheckoutSession next = current.session().withTransition(CheckoutSessionStatus.PENDING,
        attempt.adapter(), null, at);
    return new TransitionRequest(current.version(), next, eventFor(next, false, at), attempt);
  }

  /** A transition of {@code current} to {@code to} at {@code at}. */
  public static TransitionRequest move(StoredSession current, CheckoutSessionStatus to, Instant at) {
    CheckoutSession s = current.session();
    String adapter = to == CheckoutSessionStatus.COMPLETED ? "manual" : s.adapter();
    CheckoutSession next = s.withTransition(to, adapter,
        to == CheckoutSessionStatus.COMPLETED ? at : null, at);
    return new TransitionRequest(current.version(), next, eventFor(next, false, at));
  }
}
