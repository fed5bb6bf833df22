package com.forjio.plugipay.engine.adapters;

import com.forjio.plugipay.engine.PlugipayException;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAdapterDecorator;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The resilience policy around provider calls: per adapter a circuit breaker, a time limiter and a
 * bulkhead on every call, and retries with exponential backoff and jitter only on calls the provider
 * makes idempotent. One instance holds the registries of every adapter it decorates, so
 * {@link #bindTo(MeterRegistry)} exposes all breakers, bulkheads, limiters and retries to Micrometer.
 *
 * <pre>{@code
 * AdapterResilience resilience = AdapterResilience.builder().timeout(Duration.ofSeconds(10)).build();
 * PlugipayEngine engine = PlugipayEngine.builder()
 *     .adapter(resilience.decorate(XenditAdapter.builder().secretKey(key).callbackToken(token).build()))
 *     .build();
 * resilience.bindTo(meterRegistry);
 * }</pre>
 */
public final class AdapterResilience implements PaymentAdapterDecorator {
  private static final AdapterResilience DEFAULTS = builder().build();

  private final CircuitBreakerRegistry circuitBreakers;
  private final TimeLimiterRegistry timeLimiters;
  private final BulkheadRegistry bulkheads;
  private final RetryRegistry retries;

  private AdapterResilience(Builder b) {
    this.circuitBreakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .failureRateThreshold(b.failureRateThreshold)
        .slidingWindowSize(b.slidingWindowSize)
        .minimumNumberOfCalls(Math.min(b.slidingWindowSize, b.minimumCalls))
        .waitDurationInOpenState(b.openStateWait)
        .permittedNumberOfCallsInHalfOpenState(2)
        .recordException(ResilientPaymentAdapter::isProviderFailure)
        .build());
    this.timeLimiters = TimeLimiterRegistry.of(TimeLimiterConfig.custom()
        .timeoutDuration(b.timeout).cancelRunningFuture(true).build());
    this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
        .maxConcurrentCalls(b.maxConcurrentCalls).maxWaitDuration(Duration.ZERO).build());
    this.retries = RetryRegistry.of(RetryConfig.custom()
        .maxAttempts(b.maxAttempts)
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(b.retryBackoff, 2.0, 0.5))
        .retryOnException(ResilientPaymentAdapter::isProviderFailure)
        .build());
  }

  /** Defaults: 10 s timeout, breaker opens at 50 % failures of the last 20 calls (at least 10) for 30 s, 20 concurrent calls, 3 tries from 200 ms. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default policy, one instance per JVM: the one engines apply to every adapter not decorated
   * otherwise (registered for {@link java.util.ServiceLoader}); bind it to see their metrics.
   */
  public static AdapterResilience defaults() {
    return DEFAULTS;
  }

  /**
   * {@code adapter} with this policy around every call; {@code start} is retried only when
   * {@code idempotentStart} (the provider deduplicates it by the attempt id we send).
   */
  public PaymentAdapter decorate(PaymentAdapter adapter, boolean idempotentStart) {
    if (adapter == null) {
      throw PlugipayException.invalid("adapter", "the adapter to decorate must not be null");
    }
    return new ResilientPaymentAdapter(adapter, idempotentStart,
        circuitBreakers.circuitBreaker(adapter.name()), timeLimiters.timeLimiter(adapter.name()),
        bulkheads.bulkhead(adapter.name()), retries.retry(adapter.name()));
  }

  /**
   * As {@link #decorate(PaymentAdapter, boolean)}, asking the adapter whether its start is
   * idempotent. An adapter already decorated (by any policy) is returned as it is.
   */
  @Override
  public PaymentAdapter decorate(PaymentAdapter adapter) {
    if (adapter instanceof ResilientPaymentAdapter) {
      return adapter;
    }
    return decorate(adapter, adapter instanceof IdempotentStart);
  }

  /** Registers the metrics of every breaker, bulkhead, time limiter and retry with Micrometer. */
  public void bindTo(MeterRegistry registry) {
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(registry);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
    TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(registry);
    TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
  }

  /** The circuit breakers, one per decorated adapter (by its name). */
  public CircuitBreakerRegistry circuitBreakers() {
    return circuitBreakers;
  }

  /** Marks adapters whose {@code start} the provider deduplicates, so retrying it is safe. */
  public interface IdempotentStart {}

  /** Fails fast on bad values. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(10);
    private float failureRateThreshold = 50;
    private int slidingWindowSize = 20;
    private int minimumCalls = 10;
    private Duration openStateWait = Duration.ofSeconds(30);
    private int maxConcurrentCalls = 20;
    private int maxAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(200);

    private Builder() {}

    /** How long one provider call may take: 10 ms to 2 minutes. */
    public Builder timeout(Duration timeout) {
      this.timeout = range(timeout, "timeout", Duration.ofMillis(10), Duration.ofMinutes(2));
      return this;
    }

    /** Failure percentage (1..100) over the last {@code window} calls (at least {@code minimumCalls}) that opens the breaker. */
    public Builder circuitBreaker(float failureRatePercent, int window, int minimumCalls,
        Duration openFor) {
      if (failureRatePercent <= 0 || failureRatePercent > 100 || window < 1 || minimumCalls < 1) {
        throw PlugipayException.invalid("circuitBreaker", "failure rate must be 1..100 and window,"
            + " minimumCalls >= 1; was " + failureRatePercent + ", " + window + ", " + minimumCalls);
      }
      this.failureRateThreshold = failureRatePercent;
      this.slidingWindowSize = window;
      this.minimumCalls = minimumCalls;
      this.openStateWait = range(openFor, "circuitBreaker", Duration.ofMillis(10), Duration.ofHours(1));
      return this;
    }

    /** Concurrent calls per adapter (1..1000); more are refused at once as provider_unavailable. */
    public Builder maxConcurrentCalls(int calls) {
      if (calls < 1 || calls > 1000) {
        throw PlugipayException.invalid("maxConcurrentCalls", "must be 1..1000, was " + calls);
      }
      this.maxConcurrentCalls = calls;
      return this;
    }

    /** Tries of an idempotent call (1..10) and the first backoff (doubling, with jitter). */
    public Builder retry(int maxAttempts, Duration firstBackoff) {
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw PlugipayException.invalid("retry", "maxAttempts must be 1..10, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      this.retryBackoff = range(firstBackoff, "retry", Duration.ofMillis(1), Duration.ofMinutes(1));
      return this;
    }

    private static Duration range(@Nullable Duration d, String setting, Duration min, Duration max) {
      if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw PlugipayException.invalid(setting, setting + " must be " + min + ".." + max + ", was " + d);
      }
      return d;
    }

    /** The policy. */
    public AdapterResilience build() {
      return new AdapterResilience(this);
    }
  }
}
