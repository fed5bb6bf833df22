package com.forjio.plugipay.engine;

/**
 * The engine as seen by one account (workspace). Accounts are isolated completely: a session of one
 * account is {@code not_found} from every other.
 */
public interface PlugipayAccount {

  /** The account id. */
  String accountId();

  /** This account's checkout sessions. */
  CheckoutSessions checkoutSessions();

  /**
   * A read-only view of this account: {@code get} and {@code list} work, {@code create},
   * {@code cancel} and {@code confirm} answer {@code forbidden}. Hand it to reporting code.
   */
  PlugipayAccount readOnly();

  /** True for a view obtained from {@link #readOnly()}. */
  boolean isReadOnly();
}
