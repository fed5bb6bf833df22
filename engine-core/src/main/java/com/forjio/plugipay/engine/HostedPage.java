package com.forjio.plugipay.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the hosted checkout page shows the customer: only what the customer may see (no metadata, no
 * customer id).
 *
 * @param sessionId the session
 * @param amount the amount in minor units
 * @param currency its currency
 * @param lineItems what is sold
 * @param methods the methods the customer may choose from
 * @param status the session's status as of now (never {@code open} past {@code expiresAt})
 * @param expiresAt when the session expires (for the countdown)
 * @param successUrl where to send the customer after payment
 * @param cancelUrl where to send the customer who gives up
 * @param pendingAction the payment in progress, when the customer already chose a method
 */
public record HostedPage(
    String sessionId,
    long amount,
    Currency currency,
    List<LineItem> lineItems,
    List<CheckoutMethod> methods,
    CheckoutSessionStatus status,
    Instant expiresAt,
    String successUrl,
    String cancelUrl,
    @Nullable PaymentAction pendingAction) {

  /** Checks that nothing required is missing and copies the lists. */
  public HostedPage {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(currency, "currency");
    lineItems = List.copyOf(lineItems);
    methods = List.copyOf(methods);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(successUrl, "successUrl");
    Objects.requireNonNull(cancelUrl, "cancelUrl");
  }
}
