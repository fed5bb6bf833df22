package com.forjio.plugipay.engine;

/**
 * The {@code checkoutSessions} namespace of one account: create, get, list, cancel, confirm.
 * Obtained from {@link PlugipayEngine#checkoutSessions()} (the default account) or
 * {@link PlugipayEngine#forAccount(String)}. Thread-safe; every method may be called from any thread.
 *
 * <p>Every method answers bad input with a {@link PlugipayException} whose {@link ErrorCode} is
 * stable and whose {@code param()} names the offending parameter; nothing is stored when a call is
 * refused. Reads are exact about expiry: a session read after its {@code expiresAt} is returned
 * {@link CheckoutSessionStatus#EXPIRED} (the transition and its event are made once, by whichever
 * reader or sweeper gets there first).
 */
public interface CheckoutSessions {

  /**
   * Creates a session, deduplicated by a key derived from the parameters: while a session created
   * with the same parameters is still open or pending, that session is returned instead of a new one.
   *
   * @throws PlugipayException {@code validation_error} for bad parameters; {@code forbidden} on a
   *     read-only view
   */
  CheckoutSession create(CheckoutSessionCreateParams params);

  /**
   * Creates a session; with an explicit idempotency key, every call with the same key and the same
   * parameters returns the same session (in its current state), however many callers race, on one
   * engine or on several sharing a store.
   *
   * @throws PlugipayException {@code idempotency_mismatch} when the key was used with other
   *     parameters; {@code validation_error} for bad parameters or a key outside 1..255 characters
   */
  CheckoutSession create(CheckoutSessionCreateParams params, RequestOptions options);

  /**
   * The session with this id, as of now.
   *
   * @throws PlugipayException {@code not_found} when no session of this account has that id
   */
  CheckoutSession get(String id);

  /**
   * A page of this account's sessions, newest first unless asked otherwise. Walking the cursors
   * returns every session that existed at the first call exactly once, even while new ones are
   * created.
   */
  Page<CheckoutSession> list(CheckoutSessionListParams params);

  /** The first page with the default parameters (newest first, 50 sessions). */
  default Page<CheckoutSession> list() {
    return list(CheckoutSessionListParams.builder().build());
  }

  /**
   * Cancels a session the customer has not paid. A cancel that loses a race to another cancel (on
   * this engine or another sharing the store) returns the cancelled session; a session pending at a
   * provider has its attempt voided once, however many races the call loses.
   *
   * @throws PlugipayException {@code state_conflict} when the session was terminal when the call
   *     began or ended otherwise (a cancel losing to a payment), or is pending at a
   *     provider that could not void the attempt; {@code not_found}; {@code forbidden} on a read-only
   *     view
   */
  CheckoutSession cancel(String id);

  /**
   * Marks a manual (bank transfer) session paid after the merchant checked the transfer. A confirm
   * that loses a race to another confirm returns the completed session.
   *
   * @throws PlugipayException {@code forbidden} for a session a payment provider handles;
   *     {@code state_conflict} when the session was terminal when the call began or ended
   *     otherwise; {@code not_found}
   */
  CheckoutSession confirm(String id);
}
