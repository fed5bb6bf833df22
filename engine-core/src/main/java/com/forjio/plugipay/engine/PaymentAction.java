package com.forjio.plugipay.engine;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the customer does next after choosing a method on the hosted page: follow a redirect, pay a
 * virtual account, scan a QR code, or follow transfer instructions.
 *
 * @param sessionId the session being paid
 * @param adapter the provider handling the payment ({@code manual}, {@code xendit} ...)
 * @param method the method the customer chose
 * @param kind how to present {@code value}
 * @param value the redirect URL, virtual-account number, QR payload or payment reference
 * @param instructions human-readable instructions, or null
 */
public record PaymentAction(
    String sessionId,
    String adapter,
    CheckoutMethod method,
    Kind kind,
    String value,
    @Nullable String instructions) {

  /** Checks that nothing required is missing. */
  public PaymentAction {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  /** How the hosted page presents the action. */
  public enum Kind {
    /** Send the customer's browser to {@code value} (the provider's payment page). */
    REDIRECT,
    /** Show {@code value} as a virtual-account number to pay into. */
    VIRTUAL_ACCOUNT,
    /** Render {@code value} as a QR code (QRIS payload). */
    QR_CODE,
    /** Show {@code instructions}; {@code value} is the reference to quote. */
    INSTRUCTIONS
  }
}
