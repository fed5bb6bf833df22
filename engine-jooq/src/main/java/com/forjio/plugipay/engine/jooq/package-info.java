/**
 * The durable {@link com.forjio.plugipay.engine.spi.SessionStore} on SQL databases:
 * {@link com.forjio.plugipay.engine.jooq.JooqSessionStore}. The {@code schema} subpackage holds the
 * jOOQ classes generated at build time from the migrations.
 */
@NullMarked
package com.forjio.plugipay.engine.jooq;

import org.jspecify.annotations.NullMarked;
