package com.forjio.plugipay.engine.adapters.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PaymentAction;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.ProviderNotifications;
import com.forjio.plugipay.engine.adapters.ProviderHttp;
import com.forjio.plugipay.engine.spi.CancelOutcome;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.PaymentRequest;
import com.forjio.plugipay.engine.spi.PaymentStart;
import com.forjio.plugipay.engine.spi.ProviderNotification;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A sandbox payment provider inside the JVM, for demos and tests. {@code start} opens a simulated
 * payment whose page lives at {@code pageBaseUrl/<reference>}; {@link #settle} drives it to paid,
 * failed, review or expired and delivers a signed notification through the engine's normal path
 * ({@link ProviderNotifications}), exactly as a real provider's callback would arrive.
 *
 * <p>Faults can be injected for the next calls ({@link #inject}): latency, an error (provider
 * unavailable), a hang past any timeout, a decline, or an unknown outcome — with no external
 * dependency. Thread-safe.
 */
public final class SimulatorAdapter implements PaymentAdapter {
  /** The adapter's name. */
  public static final String NAME = "simulator";
  private static final String SIGNATURE_HEADER = "X-Simulator-Signature";

  private final String pageBaseUrl;
  private final byte[] secret;
  private final Map<String, Simulated> payments = new ConcurrentHashMap<>();
  private final ArrayDeque<Fault> faults = new ArrayDeque<>();
  private volatile @Nullable ProviderNotifications sink;

  /** What the next call does instead of (or before) its normal work. */
  public sealed interface Fault {
    /** Wait this long, then behave normally. */
    record Latency(Duration delay) implements Fault {}

    /** Fail as an unreachable provider ({@code provider_unavailable}). */
    record Error() implements Fault {}

    /** Hang for this long (past the time limiter), then behave normally. */
    record Hang(Duration duration) implements Fault {}

    /** Decline the payment ({@code start} only). */
    record Decline(String reason) implements Fault {}

    /** Answer that the outcome is unknown ({@code start} only). */
    record Unknown() implements Fault {}
  }

  private record Simulated(PaymentAttempt attemptStub, long amount, ProviderOutcome status) {}

  /**
   * @param pageBaseUrl where the application serves the simulator's pay page (loopback in tests)
   * @param secret the key notifications are signed with
   */
  public SimulatorAdapter(String pageBaseUrl, String secret) {
    if (pageBaseUrl == null || !pageBaseUrl.startsWith("http")) {
      throw PlugipayException.invalid("pageBaseUrl", "an http(s) base URL is required");
    }
    if (secret == null || secret.length() < 16) {
      throw PlugipayException.invalid("secret", "the signing secret must have at least 16 characters");
    }
    this.pageBaseUrl = pageBaseUrl.endsWith("/") ? pageBaseUrl.substring(0, pageBaseUrl.length() - 1) : pageBaseUrl;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Where {@link #settle} delivers its notifications (normally {@code engine.providerNotifications()}). */
  public void connect(ProviderNotifications notifications) {
    this.sink = notifications;
  }

  /** Queues faults for the next calls, one per call, in order. */
  public void inject(Fault... next) {
    synchronized (faults) {
      faults.addAll(List.of(next));
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<CheckoutMethod> methods() {
    return EnumSet.allOf(CheckoutMethod.class);
  }

  @Override
  public PaymentStart start(PaymentRequest request) {
    Fault fault = takeFault();
    if (fault instanceof Fault.Decline d) {
      return new PaymentStart.Declined(d.reason());
    }
    String reference = "sim_" + request.attemptId().substring(3);
    PaymentAttempt stub = new PaymentAttempt(request.attemptId(), request.session().accountId(),
        request.session().id(), NAME, request.method(), reference, PaymentAction.Kind.REDIRECT,
        pageBaseUrl + "/" + reference, null, request.session().createdAt());
    payments.put(reference, new Simulated(stub, request.session().amount(), ProviderOutcome.PENDING));
    if (fault instanceof Fault.Unknown) {
      return new PaymentStart.Unknown("the simulator was told not to say");
    }
    return new PaymentStart.Started(reference, PaymentAction.Kind.REDIRECT,
        pageBaseUrl + "/" + reference, "Simulated " + request.method().wireName() + " payment");
  }

  @Override
  public CancelOutcome cancel(PaymentAttempt attempt) {
    takeFault();
    Simulated p = attempt.providerReference() == null ? null : payments.get(attempt.providerReference());
    if (p == null) {
      return CancelOutcome.VOIDED;
    }
    if (p.status == ProviderOutcome.PAID) {
      return CancelOutcome.ALREADY_COMMITTED;
    }
    payments.put(attempt.providerReference(), new Simulated(p.attemptStub, p.amount, ProviderOutcome.EXPIRED));
    return CancelOutcome.VOIDED;
  }

  @Override
  public ProviderOutcome fetchStatus(PaymentAttempt attempt) {
    takeFault();
    Simulated p = attempt.providerReference() == null
        ? payments.values().stream().filter(s -> s.attemptStub.id().equals(attempt.id())).findFirst().orElse(null)
        : payments.get(attempt.providerReference());
    return p == null ? ProviderOutcome.UNKNOWN : p.status;
  }

  /**
   * Drives the payment {@code reference} to {@code outcome} at the simulated provider and delivers its
   * signed notification to the connected engine.
   *
   * @return what the engine did with it
   */
  public ProviderNotifications.Result settle(String reference, ProviderOutcome outcome) {
    Simulated p = payments.get(reference);
    if (p == null) {
      throw new PlugipayException(ErrorCode.NOT_FOUND, "reference", "no simulated payment " + reference);
    }
    payments.put(reference, new Simulated(p.attemptStub, p.amount, outcome));
    ProviderNotifications target = sink;
    if (target == null) {
      throw new IllegalStateException("connect(engine.providerNotifications()) first");
    }
    byte[] body = notificationBody(reference, p.attemptStub.id(), outcome, p.amount);
    return target.handle(NAME, Map.of(SIGNATURE_HEADER, List.of(sign(body))), body);
  }

  /** The body of a notification, for tests that deliver (or tamper with) it themselves. */
  public byte[] notificationBody(String reference, String attemptId, ProviderOutcome outcome, long amount) {
    ObjectNode n = ProviderHttp.JSON.createObjectNode();
    n.put("reference", reference);
    n.put("attempt", attemptId);
    n.put("status", outcome.name().toLowerCase(java.util.Locale.ROOT));
    n.put("amount", amount);
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The hex HMAC-SHA256 of {@code body} under the secret (the {@code X-Simulator-Signature}). */
  public String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ProviderNotification parseNotification(Map<String, List<String>> headers, byte[] body) {
    String signature = ProviderHttp.header(headers, SIGNATURE_HEADER);
    if (!ProviderHttp.constantTimeEquals(signature, sign(body))) {
      throw new PlugipayException(ErrorCode.SIGNATURE_INVALID, SIGNATURE_HEADER,
          "simulator notification signature is missing or wrong");
    }
    JsonNode n = ProviderHttp.parseCallback(NAME, body);
    String status = ProviderHttp.text(n, "status");
    ProviderOutcome outcome;
    try {
      outcome = ProviderOutcome.valueOf(String.valueOf(status).toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new PlugipayException(ErrorCode.INVALID_PAYLOAD, "status", "unknown simulator status " + status);
    }
    JsonNode amount = n.get("amount");
    return new ProviderNotification(ProviderHttp.text(n, "reference"), ProviderHttp.text(n, "attempt"),
        outcome, amount == null || !amount.canConvertToLong() ? null : amount.asLong());
  }

  private @Nullable Fault takeFault() {
    Fault f;
    synchronized (faults) {
      f = faults.poll();
    }
    if (f instanceof Fault.Latency l) {
      sleep(l.delay());
    } else if (f instanceof Fault.Hang h) {
      sleep(h.duration());
    } else if (f instanceof Fault.Error) {
      throw new PlugipayException(ErrorCode.PROVIDER_UNAVAILABLE, null, "simulated provider error");
    }
    return f;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
