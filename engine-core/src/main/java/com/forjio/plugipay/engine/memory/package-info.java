/** The zero-configuration in-memory {@link com.forjio.plugipay.engine.spi.SessionStore}. */
@NullMarked
package com.forjio.plugipay.engine.memory;

import org.jspecify.annotations.NullMarked;
