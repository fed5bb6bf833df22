package com.forjio.plugipay.engine;

/**
 * The stable category of a {@link PlugipayException}. Callers branch on the code, never on the
 * message. Each code carries the HTTP-style status the hosted Plugipay API answers with and its wire
 * name ({@code validation_error}, {@code state_conflict} ...).
 */
public enum ErrorCode {
  /** A parameter is missing, malformed or out of range; {@link PlugipayException#param()} names it. */
  VALIDATION_ERROR(400, "validation_error"),
  /** No such session in this account (unknown id, or an id of another account). */
  NOT_FOUND(404, "not_found"),
  /** The operation is not allowed: a read-only view, or confirming a non-manual session. */
  FORBIDDEN(403, "forbidden"),
  /** The session's status does not allow the operation (e.g. cancelling a completed session). */
  STATE_CONFLICT(409, "state_conflict"),
  /** An idempotency key was reused with different parameters. */
  IDEMPOTENCY_MISMATCH(409, "idempotency_mismatch"),
  /**
   * A payment provider could not be reached or did not answer in time (open circuit, timeout, full
   * bulkhead). The session is left in a state from which the customer can retry.
   */
  PROVIDER_UNAVAILABLE(503, "provider_unavailable"),
  /** The provider declined the payment attempt; the session stays open for another try. */
  PAYMENT_DECLINED(402, "payment_declined"),
  /** A webhook arrived without a signature header, or the secret to check it is empty. */
  SIGNATURE_MISSING(401, "signature_missing"),
  /** The signature header lacks {@code t} or {@code v1}, or {@code v1} is not hex. */
  SIGNATURE_MALFORMED(401, "signature_malformed"),
  /** The signature's timestamp is outside the tolerance (past or future). */
  SIGNATURE_STALE(401, "signature_stale"),
  /** A provider notification or webhook carried no valid signature; nothing was changed. */
  SIGNATURE_INVALID(401, "signature_invalid"),
  /** A provider notification or webhook body could not be read; nothing was changed. */
  INVALID_PAYLOAD(400, "invalid_payload"),
  /** The store failed (a SQL error, a lost connection); the message names the operation. */
  STORE_ERROR(500, "store_error");

  private final int status;
  private final String wireName;

  ErrorCode(int status, String wireName) {
    this.status = status;
    this.wireName = wireName;
  }

  /** The HTTP-style status of this code: 400, 403, 404, 409 ... */
  public int status() {
    return status;
  }

  /** The code as the Plugipay API and SDKs spell it, e.g. {@code idempotency_mismatch}. */
  public String wireName() {
    return wireName;
  }
}
