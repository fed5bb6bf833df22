package com.forjio.plugipay.engine;

/** {@link PlugipayAccount}: one account of an engine, read-write or read-only. */
final class AccountView implements PlugipayAccount {
  private final EngineRuntime rt;
  private final String accountId;
  private final boolean readOnly;
  private final AccountSessions sessions;

  AccountView(EngineRuntime rt, String accountId, boolean readOnly) {
    this.rt = rt;
    this.accountId = accountId;
    this.readOnly = readOnly;
    this.sessions = new AccountSessions(rt, accountId, readOnly);
  }

  @Override
  public String accountId() {
    return accountId;
  }

  @Override
  public CheckoutSessions checkoutSessions() {
    return sessions;
  }

  @Override
  public PlugipayAccount readOnly() {
    return readOnly ? this : new AccountView(rt, accountId, true);
  }

  @Override
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public String toString() {
    return "PlugipayAccount[" + accountId + (readOnly ? ", read-only]" : "]");
  }
}
