package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.event.WebhookDelivery;
import com.forjio.plugipay.engine.event.WebhookEndpoint;
import com.forjio.plugipay.engine.event.WebhookEndpoints;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link WebhookEndpoints} of one scope: an account ({@code forAccount(a).webhooks()}) or, with a
 * null account, the engine-wide endpoints ({@code allAccountWebhooks()}); read-write or read-only.
 * Every call sees exactly the endpoints of its scope (see {@link WebhookDispatch}).
 */
final class AccountWebhooks implements WebhookEndpoints {
  private final WebhookDispatch dispatch;
  private final @Nullable String accountId;
  private final boolean readOnly;

  AccountWebhooks(WebhookDispatch dispatch, @Nullable String accountId, boolean readOnly) {
    this.dispatch = dispatch;
    this.accountId = accountId;
    this.readOnly = readOnly;
  }

  @Override
  public WebhookEndpoint register(String url, String secret, Set<String> eventTypes) {
    checkWritable("register an endpoint");
    return dispatch.register(accountId, url, secret, eventTypes);
  }

  @Override
  public List<WebhookEndpoint> list() {
    return dispatch.list(accountId);
  }

  @Override
  public List<WebhookDelivery> deliveries(String endpointId) {
    return dispatch.deliveries(accountId, endpointId);
  }

  @Override
  public List<WebhookDelivery> failedDeliveries() {
    return dispatch.failedDeliveries(accountId);
  }

  @Override
  public WebhookDelivery replay(String endpointId, String eventId) {
    checkWritable("replay a delivery");
    return dispatch.replay(accountId, endpointId, eventId);
  }

  private void checkWritable(String operation) {
    if (readOnly) {
      throw new PlugipayException(ErrorCode.FORBIDDEN, null,
          "this is a read-only view of the webhooks of " + scope() + "; cannot " + operation);
    }
  }

  private String scope() {
    return accountId == null ? "every account" : "account " + accountId;
  }

  @Override
  public String toString() {
    return "WebhookEndpoints[" + scope() + (readOnly ? ", read-only]" : "]");
  }
}
