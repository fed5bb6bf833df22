package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A compare-and-set of one session: replace the stored session by {@code next} (at version
 * {@code expectedVersion + 1}) and append {@code event} to the outbox, only if the stored version is
 * still {@code expectedVersion}. The engine decided that the change is legal; the store only checks
 * that nothing changed in between.
 *
 * <p>A transition changes only {@code status}, {@code adapter}, {@code completedAt} and
 * {@code updatedAt}; every other field of a session is fixed at creation, so a store may keep only
 * those four per version (and per event snapshot).
 *
 * @param expectedVersion the version the engine read
 * @param next the session after the transition (same id and account)
 * @param event the one event reporting the transition
 * @param attempt a payment attempt to store with the transition (it becomes the session's current
 *     attempt), or null
 * @param dispatch true to queue the event for delivery (in the outbox); false when the engine has
 *     no listener to deliver it to, and the store records it as already delivered (it stays in the
 *     session's history, and is never claimed)
 */
public record TransitionRequest(
    long expectedVersion,
    CheckoutSession next,
    CheckoutSessionEvent event,
    @Nullable PaymentAttempt attempt,
    boolean dispatch) {
  /** Checks that nothing is missing. */
  public TransitionRequest {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(event, "event");
  }

  /** A transition whose event is queued for delivery ({@code dispatch = true}). */
  public TransitionRequest(long expectedVersion, CheckoutSession next, CheckoutSessionEvent event,
      @Nullable PaymentAttempt attempt) {
    this(expectedVersion, next, event, attempt, true);
  }

  /** A transition that starts no payment attempt, its event queued for delivery. */
  public TransitionRequest(long expectedVersion, CheckoutSession next, CheckoutSessionEvent event) {
    this(expectedVersion, next, event, null);
  }
}
