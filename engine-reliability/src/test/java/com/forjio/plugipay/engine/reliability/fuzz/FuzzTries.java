package com.forjio.plugipay.engine.reliability.fuzz;

import com.forjio.plugipay.engine.reliability.support.Figures;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets a property's tries from the system property {@code plugipay.fuzz.tries} (default 10,000;
 * 100,000 for a long run), times {@link #share()}, divided by the container's
 * {@link Scaled#triesDivisor()} (SQL servers run fewer). After the run it writes the container's
 * figures with the number of tries and the outcome.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@AddLifecycleHook(FuzzTries.Hook.class)
public @interface FuzzTries {
  /** The fraction of {@code plugipay.fuzz.tries} this property runs. */
  double share() default 1.0;

  /** A container that scales its tries and keeps figures. */
  interface Scaled {
    /** Tries are divided by this (1 for memory and H2, 10 for a database server). */
    int triesDivisor();

    /** Where the running property counts what it saw. */
    Figures figures(String property);
  }

  /** The hook behind {@link FuzzTries}. */
  final class Hook implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context,
        PropertyExecutor property) {
      double share = context.findAnnotation(FuzzTries.class).map(FuzzTries::share).orElse(1.0);
      Object instance = context.testInstance();
      int divisor = instance instanceof Scaled s ? s.triesDivisor() : 1;
      int base = Integer.getInteger("plugipay.fuzz.tries", 10_000);
      int tries = Math.max(10, (int) Math.round(base * share / divisor));
      context.attributes().setTries(tries);
      long start = System.nanoTime();
      PropertyExecutionResult result = property.execute();
      if (instance instanceof Scaled s) {
        s.figures(context.targetMethod().getName())
            .put("tries", result.countTries()).put("checks", result.countChecks())
            .put("ms", (System.nanoTime() - start) / 1_000_000)
            .put("status", result.status().name()).write();
      }
      return result;
    }
  }
}
