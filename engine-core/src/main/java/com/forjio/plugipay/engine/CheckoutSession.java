package com.forjio.plugipay.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A checkout session: the short-lived payment intent behind a hosted payment page, with exactly the
 * fields of the Plugipay {@code CheckoutSession} type. Immutable; every transition produces a new
 * instance. Instances returned by the engine are always consistent with its clock: a session read
 * after its {@code expiresAt} is never {@link CheckoutSessionStatus#OPEN}.
 *
 * @param id {@code cs_} followed by a 26-character ULID
 * @param accountId the account (workspace) that owns the session
 * @param customerId the merchant's customer reference, or null
 * @param amount the amount to pay in minor units, &gt; 0
 * @param currency the currency of {@code amount}
 * @param status the current status
 * @param methods the payment methods the customer may choose from, in the order given at create
 * @param adapter the provider that handles or settled the payment ({@code manual}, {@code xendit}
 *     ...), null until one does
 * @param lineItems what is sold; empty when none were given
 * @param successUrl where the hosted page sends the customer after payment
 * @param cancelUrl where the hosted page sends the customer who gives up
 * @param hostedUrl the hosted payment page; its last segment is an unguessable token
 * @param expiresAt when an unpaid session expires
 * @param completedAt when the session was paid, null unless {@link CheckoutSessionStatus#COMPLETED}
 * @param metadata the merchant's string key/value pairs (e.g. {@code order_id}); empty when none
 * @param createdAt creation time
 * @param updatedAt time of the last change
 */
public record CheckoutSession(
    String id,
    String accountId,
    @Nullable String customerId,
    long amount,
    Currency currency,
    CheckoutSessionStatus status,
    List<CheckoutMethod> methods,
    @Nullable String adapter,
    List<LineItem> lineItems,
    String successUrl,
    String cancelUrl,
    String hostedUrl,
    Instant expiresAt,
    @Nullable Instant completedAt,
    Map<String, String> metadata,
    Instant createdAt,
    Instant updatedAt) {

  /** Checks the fields that can never be absent and takes immutable copies of the collections. */
  public CheckoutSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(status, "status");
    methods = List.copyOf(methods);
    lineItems = List.copyOf(lineItems);
    Objects.requireNonNull(successUrl, "successUrl");
    Objects.requireNonNull(cancelUrl, "cancelUrl");
    Objects.requireNonNull(hostedUrl, "hostedUrl");
    Objects.requireNonNull(expiresAt, "expiresAt");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * This session with another status, adapter and completion time, touched at {@code now}. Used by
   * the engine and by stores that rebuild a session; it does not check that the change is legal.
   */
  public CheckoutSession withTransition(
      CheckoutSessionStatus newStatus,
      @Nullable String newAdapter,
      @Nullable Instant newCompletedAt,
      Instant now) {
    return new CheckoutSession(id, accountId, customerId, amount, currency, newStatus, methods,
        newAdapter, lineItems, successUrl, cancelUrl, hostedUrl, expiresAt, newCompletedAt,
        metadata, createdAt, now);
  }
}
