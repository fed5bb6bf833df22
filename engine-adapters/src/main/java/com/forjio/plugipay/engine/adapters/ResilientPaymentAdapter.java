package com.forjio.plugipay.engine.adapters;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.Currency;
import com.forjio.plugipay.engine.ErrorCode;
import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.spi.CancelOutcome;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAttempt;
import com.forjio.plugipay.engine.spi.PaymentRequest;
import com.forjio.plugipay.engine.spi.PaymentStart;
import com.forjio.plugipay.engine.spi.ProviderNotification;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link PaymentAdapter} with circuit breaker, time limiter, bulkhead and (for idempotent calls)
 * retry around every provider call. What fails at this boundary is classified once: an open
 * circuit, a full bulkhead or a timeout is a {@code provider_unavailable} {@link PlugipayException}
 * (the engine leaves the session where the customer can try again); a signature or payload problem
 * passes through untouched and counts as no provider failure.
 *
 * <p>{@code cancel} answers {@link CancelOutcome#UNKNOWN} and {@code fetchStatus}
 * {@link ProviderOutcome#UNKNOWN} when the provider cannot be reached: neither is ever turned into a
 * decline or a failure.
 */
final class ResilientPaymentAdapter implements PaymentAdapter {
  private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "plugipay-provider-call");
    t.setDaemon(true);
    return t;
  });

  private final PaymentAdapter delegate;
  private final boolean idempotentStart;
  private final CircuitBreaker breaker;
  private final TimeLimiter limiter;
  private final Bulkhead bulkhead;
  private final Retry retry;

  ResilientPaymentAdapter(PaymentAdapter delegate, boolean idempotentStart, CircuitBreaker breaker,
      TimeLimiter limiter, Bulkhead bulkhead, Retry retry) {
    this.delegate = delegate;
    this.idempotentStart = idempotentStart;
    this.breaker = breaker;
    this.limiter = limiter;
    this.bulkhead = bulkhead;
    this.retry = retry;
  }

  /** Failures that say something about the provider: unreachable, 5xx, 429, timeouts. */
  static boolean isProviderFailure(Throwable t) {
    return t instanceof PlugipayException p && p.code() == ErrorCode.PROVIDER_UNAVAILABLE
        || t instanceof TimeoutException || t instanceof java.io.IOException;
  }

  private <T> T call(String operation, boolean retryable, Supplier<T> work) {
    Callable<T> timed = TimeLimiter.decorateFutureSupplier(limiter,
        () -> CompletableFuture.supplyAsync(work, CALLS));
    Callable<T> guarded = CircuitBreaker.decorateCallable(breaker,
        Bulkhead.decorateCallable(bulkhead, timed));
    Callable<T> decorated = retryable ? Retry.decorateCallable(retry, guarded) : guarded;
    try {
      return decorated.call();
    } catch (CallNotPermittedException e) {
      throw unavailable(operation, "its circuit breaker is open after repeated failures", e);
    } catch (BulkheadFullException e) {
      throw unavailable(operation, "too many calls are in flight", e);
    } catch (TimeoutException e) {
      throw unavailable(operation, "it did not answer within " + limiter.getTimeLimiterConfig()
          .getTimeoutDuration().toMillis() + " ms", e);
    } catch (PlugipayException e) {
      throw e;
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof PlugipayException p) {
        throw p;
      }
      throw unavailable(operation, String.valueOf(e.getCause()), e);
    } catch (Exception e) {
      throw unavailable(operation, e.toString(), e);
    }
  }

  private PlugipayException unavailable(String operation, String why, Throwable cause) {
    return new PlugipayException(ErrorCode.PROVIDER_UNAVAILABLE, null,
        delegate.name() + " is unavailable for " + operation + ": " + why, cause);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Set<CheckoutMethod> methods() {
    return delegate.methods();
  }

  @Override
  public Set<Currency> currencies() {
    return delegate.currencies();
  }

  @Override
  public boolean serves(CheckoutMethod method, Currency currency) {
    return delegate.serves(method, currency);
  }

  @Override
  public boolean merchantConfirms() {
    return delegate.merchantConfirms();
  }

  @Override
  public PaymentStart start(PaymentRequest request) {
    return call("start", idempotentStart, () -> delegate.start(request));
  }

  @Override
  public CancelOutcome cancel(PaymentAttempt attempt) {
    try {
      return call("cancel", true, () -> delegate.cancel(attempt));
    } catch (PlugipayException e) {
      if (e.code() == ErrorCode.PROVIDER_UNAVAILABLE) {
        return CancelOutcome.UNKNOWN;
      }
      throw e;
    }
  }

  /**
   * Not guarded: the breaker, bulkhead and time limiter protect calls the engine makes, and a
   * provider's notification is a call made to it. Refusing one because the provider's API has been
   * failing would drop news of money paid (issue 18). An adapter that verifies by calling the
   * provider (PayPal) bounds that call with its own HTTP timeout; a failure there surfaces as
   * {@code provider_unavailable}, which the endpoint answers with a status the provider retries.
   */
  @Override
  public ProviderNotification parseNotification(Map<String, List<String>> headers, byte[] body) {
    return delegate.parseNotification(headers, body);
  }

  @Override
  public ProviderOutcome fetchStatus(PaymentAttempt attempt) {
    try {
      return call("fetchStatus", true, () -> delegate.fetchStatus(attempt));
    } catch (PlugipayException e) {
      if (e.code() == ErrorCode.PROVIDER_UNAVAILABLE) {
        return ProviderOutcome.UNKNOWN;
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "Resilient[" + delegate.name() + ", breaker=" + breaker.getState() + "]";
  }
}
