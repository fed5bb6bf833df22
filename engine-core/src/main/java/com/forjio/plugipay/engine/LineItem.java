package com.forjio.plugipay.engine;

import org.jspecify.annotations.Nullable;

/**
 * One line of a checkout session: what the customer sees on the hosted page. {@code unitAmount} is in
 * the session's minor units. The record itself accepts anything; {@link CheckoutSessions#create}
 * validates (a blank name, a quantity &lt;= 0, a negative unit amount, or lines whose sum differs
 * from the session's amount are a {@code validation_error} on {@code lineItems}).
 *
 * @param name what is sold, e.g. {@code "Pro plan — annual"}
 * @param quantity how many, at least 1
 * @param unitAmount price of one, in minor units, at least 0
 */
public record LineItem(@Nullable String name, long quantity, long unitAmount) {}
