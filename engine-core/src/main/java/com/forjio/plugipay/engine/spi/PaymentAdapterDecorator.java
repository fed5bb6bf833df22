package com.forjio.plugipay.engine.spi;

/**
 * Wraps every provider adapter an engine is built with, e.g. in a resilience policy. The engine asks
 * the decorator given to its builder, or else the first one found with {@link java.util.ServiceLoader}
 * ({@code engine-adapters} registers its default Resilience4j policy that way), so provider calls are
 * guarded without the application having to remember it. Called once per adapter at build time.
 * Must return an adapter with the same name, methods and currencies; may return its argument (for
 * instance when it is already decorated).
 */
@FunctionalInterface
public interface PaymentAdapterDecorator {

  /** The adapter to use in place of {@code adapter}. */
  PaymentAdapter decorate(PaymentAdapter adapter);
}
