package com.forjio.plugipay.engine;

/**
 * The customer's side of a session, addressed by the unguessable token at the end of
 * {@code hostedUrl}: what the hosted page shows, and "pick a method and pay". Thread-safe.
 */
public interface HostedCheckout {

  /**
   * What the hosted page for {@code token} shows now.
   *
   * @throws PlugipayException {@code not_found} (param {@code token}) for an unknown token
   */
  HostedPage open(String token);

  /**
   * Starts paying with {@code method}: asks the method's adapter for a payment attempt and moves the
   * session to {@code pending} with its {@code adapter} set. Paying again with the same method while
   * the attempt is pending returns the same action (a double click starts nothing twice).
   *
   * @throws PlugipayException {@code validation_error} (param {@code method}) for a method the session
   *     does not offer; {@code state_conflict} when the session is not open; {@code payment_declined}
   *     when the provider refused; {@code provider_unavailable} when it could not be reached (the
   *     session stays open, so the customer can try again)
   */
  PaymentAction pay(String token, CheckoutMethod method);
}
