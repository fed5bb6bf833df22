package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.event.WebhookEndpoints;

/**
 * The engine as seen by one account (workspace). Accounts are isolated completely: a session or a
 * webhook endpoint of one account is {@code not_found} from every other.
 */
public interface PlugipayAccount {

  /** The account id. */
  String accountId();

  /** This account's checkout sessions. */
  CheckoutSessions checkoutSessions();

  /**
   * This account's webhook endpoints: an endpoint registered here receives only this account's
   * events ({@link com.forjio.plugipay.engine.event.Event#accountId()} equal, byte for byte), and
   * only this account's endpoints are listed, shown and replayed here; another account's endpoint id
   * answers {@code not_found}. For endpoints that receive every account's events see
   * {@link PlugipayEngine#allAccountWebhooks()}.
   */
  WebhookEndpoints webhooks();

  /**
   * A read-only view of this account: {@code get} and {@code list} work, {@code create},
   * {@code cancel} and {@code confirm} answer {@code forbidden}; its webhooks list and show
   * deliveries, while {@code register} and {@code replay} answer {@code forbidden}. Hand it to
   * reporting code.
   */
  PlugipayAccount readOnly();

  /** True for a view obtained from {@link #readOnly()}. */
  boolean isReadOnly();
}
