package com.forjio.plugipay.engine.spi;

import com.forjio.plugipay.engine.PaymentAction;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link PaymentAdapter#start} achieved. "Unknown" is a first-class outcome: a request that may
 * have reached the provider (a timeout after sending) is never reported as declined; the engine keeps
 * the attempt pending and the reconciler asks the provider later.
 */
public sealed interface PaymentStart {

  /** The provider accepted the attempt; the customer acts next. */
  record Started(String providerReference, PaymentAction.Kind kind, String value,
      @Nullable String instructions) implements PaymentStart {
    /** Checks that nothing required is missing. */
    public Started {
      Objects.requireNonNull(providerReference, "providerReference");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(value, "value");
    }
  }

  /** The provider refused, or the request certainly never left: nothing exists at the provider. */
  record Declined(String reason) implements PaymentStart {
    /** Checks that nothing is missing. */
    public Declined {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The request may or may not have created something at the provider. */
  record Unknown(String reason) implements PaymentStart {
    /** Checks that nothing is missing. */
    public Unknown {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
