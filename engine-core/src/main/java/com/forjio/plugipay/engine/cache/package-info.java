/**
 * {@link com.forjio.plugipay.engine.cache.CachingSessionStore}: a Caffeine cache of immutable facts
 * (terminal sessions, explicit idempotency records) in front of any store.
 */
@NullMarked
package com.forjio.plugipay.engine.cache;

import org.jspecify.annotations.NullMarked;
