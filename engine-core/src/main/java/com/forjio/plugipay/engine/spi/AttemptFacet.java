package com.forjio.plugipay.engine.spi;

import java.util.List;
import java.util.Optional;

/**
 * The payment-attempt facet of a store: the provider side of pending sessions (attempts are written
 * with the session's transition to pending, see {@link SessionFacet#transition}) and the verified
 * notifications that matched no attempt. {@code SessionStoreContract}'s attempt tests check this
 * facet.
 */
public interface AttemptFacet {

  /** The attempt with this id (our reference, as providers echo it); empty when none. */
  Optional<PaymentAttempt> findAttempt(String attemptId);

  /** The attempt the provider knows by {@code providerReference}; empty when none. */
  Optional<PaymentAttempt> findAttemptByProviderReference(String adapter, String providerReference);

  /** The session's latest attempt (stored with its last transition to pending); empty when none. */
  Optional<PaymentAttempt> currentAttempt(String accountId, String sessionId);

  /**
   * Up to {@code limit} current attempts of sessions stored {@code pending} or
   * {@code pending_review}, oldest first: what the reconciler asks the providers about.
   */
  List<PaymentAttempt> findAttemptsToReconcile(int limit);

  /** Keeps a verified notification that matched no attempt. */
  void recordUnmatched(UnmatchedPayment payment);

  /** Up to {@code limit} unmatched notifications, oldest first. */
  List<UnmatchedPayment> unmatchedPayments(int limit);
}
