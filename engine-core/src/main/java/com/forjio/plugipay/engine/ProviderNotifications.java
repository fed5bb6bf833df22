package com.forjio.plugipay.engine;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a provider's asynchronous callback is handed to the engine, exactly as received (headers and
 * raw body), by the application's HTTP endpoint for that provider. The adapter verifies the
 * signature; the engine applies the outcome. Replays change nothing; a notification that arrives
 * after the session ended never reopens it; a payment for an ended session is recorded as a late
 * payment, with its own event, so it can be fulfilled or refunded. Thread-safe.
 */
public interface ProviderNotifications {

  /**
   * Verifies and applies one notification.
   *
   * @param adapter the adapter's name ({@code xendit}, {@code midtrans}, {@code paypal}, ...)
   * @throws PlugipayException {@code signature_invalid} or {@code invalid_payload} when the adapter
   *     rejects the notification (nothing is changed); {@code not_found} for an unknown adapter
   */
  Result handle(String adapter, Map<String, List<String>> headers, byte[] body);

  /**
   * What a notification did.
   *
   * @param outcome what happened
   * @param sessionId the session it concerned, or null when it matched none
   * @param status the session's status afterwards, or null when it matched none
   */
  record Result(Outcome outcome, @Nullable String sessionId, @Nullable CheckoutSessionStatus status) {}

  /** What a notification did. */
  enum Outcome {
    /** The session moved (pending, completed, pending_review, back to open, expired). */
    APPLIED,
    /** Nothing new: a replay, or news the session already reflects. */
    UNCHANGED,
    /** A payment for a session that had already expired or been cancelled: recorded, evented. */
    LATE_PAYMENT,
    /** No session matches the provider's reference: kept for reconciliation. */
    UNMATCHED
  }
}
