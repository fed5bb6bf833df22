package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.PaymentAction;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One try to pay a session through a provider, stored with the transition to {@code pending}. The
 * latest attempt of a session is its current one.
 *
 * @param id {@code pa_} + ULID (sent to the provider as idempotency key or reference)
 * @param accountId the session's account
 * @param sessionId the session
 * @param adapter the adapter's name
 * @param method the method chosen
 * @param providerReference the provider's id for the attempt (invoice id, order id ...), or null
 *     when the start's outcome is unknown
 * @param kind how the customer pays
 * @param value the redirect URL, VA number, QR payload or reference
 * @param instructions human-readable instructions, or null
 * @param createdAt when the attempt started
 */
public record PaymentAttempt(
    String id,
    String accountId,
    String sessionId,
    String adapter,
    CheckoutMethod method,
    @Nullable String providerReference,
    PaymentAction.Kind kind,
    String value,
    @Nullable String instructions,
    Instant createdAt) {

  /** Checks that nothing required is missing. */
  public PaymentAttempt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The customer's next step for this attempt. */
  public PaymentAction action() {
    return new PaymentAction(sessionId, adapter, method, kind, value, instructions);
  }
}
