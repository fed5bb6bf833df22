/**
 * The engine's events: {@link com.forjio.plugipay.engine.event.Event}, the checkout-session event
 * types, and in-process {@link com.forjio.plugipay.engine.event.EventListener}s.
 */
@NullMarked
package com.forjio.plugipay.engine.event;

import org.jspecify.annotations.NullMarked;
