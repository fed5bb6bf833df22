package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.event.WebhookEndpoints;

/** {@link PlugipayAccount}: one account of an engine, read-write or read-only. */
final class AccountView implements PlugipayAccount {
  private final EngineRuntime rt;
  private final WebhookDispatch webhookDispatch;
  private final String accountId;
  private final boolean readOnly;
  private final AccountSessions sessions;
  private final AccountWebhooks webhooks;

  AccountView(EngineRuntime rt, WebhookDispatch webhookDispatch, String accountId, boolean readOnly) {
    this.rt = rt;
    this.webhookDispatch = webhookDispatch;
    this.accountId = accountId;
    this.readOnly = readOnly;
    this.sessions = new AccountSessions(rt, accountId, readOnly);
    this.webhooks = new AccountWebhooks(webhookDispatch, accountId, readOnly);
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
  public WebhookEndpoints webhooks() {
    return webhooks;
  }

  @Override
  public PlugipayAccount readOnly() {
    return readOnly ? this : new AccountView(rt, webhookDispatch, accountId, true);
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
