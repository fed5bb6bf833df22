/** The in-process sandbox provider, for demos and tests. */
@NullMarked
package com.forjio.plugipay.engine.adapters.simulator;

import org.jspecify.annotations.NullMarked;
