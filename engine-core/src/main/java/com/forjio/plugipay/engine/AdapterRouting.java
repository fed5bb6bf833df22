package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.spi.PaymentAdapter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which adapter takes payments for which method, fixed when the engine is built.
 *
 * <p>A method goes to the adapter an explicit route names; otherwise to the first registered
 * provider adapter that offers it; otherwise, only when no provider adapter is registered at all, to
 * the built-in manual adapter if it offers the method (bank transfer, and the merchant's QRIS in
 * rupiah: a zero-configuration engine takes exactly those, as manual sessions). A method no adapter
 * takes, or takes in the session's currency, is refused at create.
 */
final class AdapterRouting {
  private final Map<String, PaymentAdapter> byName;
  private final Map<CheckoutMethod, PaymentAdapter> byMethod;

  private AdapterRouting(Map<String, PaymentAdapter> byName,
      Map<CheckoutMethod, PaymentAdapter> byMethod) {
    this.byName = byName;
    this.byMethod = byMethod;
  }

  /**
   * Builds the routing; {@code adapters} are the user's, in registration order, without the manual
   * one; {@code routes} are explicit method-to-adapter-name routes.
   */
  static AdapterRouting of(List<PaymentAdapter> adapters, Map<CheckoutMethod, String> routes) {
    Map<String, PaymentAdapter> byName = new LinkedHashMap<>();
    ManualPaymentAdapter manual = new ManualPaymentAdapter();
    byName.put(manual.name(), manual);
    for (PaymentAdapter a : adapters) {
      byName.put(a.name(), a);
    }
    Map<CheckoutMethod, PaymentAdapter> byMethod = new EnumMap<>(CheckoutMethod.class);
    for (Map.Entry<CheckoutMethod, String> route : routes.entrySet()) {
      PaymentAdapter a = byName.get(route.getValue());
      if (a == null) {
        throw PlugipayException.invalid("route", "route " + route.getKey().wireName()
            + " -> " + route.getValue() + " names no registered adapter (registered: "
            + byName.keySet() + ")");
      }
      if (!a.methods().contains(route.getKey())) {
        throw PlugipayException.invalid("route", "adapter " + a.name() + " does not offer method "
            + route.getKey().wireName() + " (it offers " + a.methods() + ")");
      }
      byMethod.put(route.getKey(), a);
    }
    for (CheckoutMethod m : CheckoutMethod.values()) {
      if (byMethod.containsKey(m)) {
        continue;
      }
      for (PaymentAdapter a : adapters) {
        if (a.methods().contains(m)) {
          byMethod.put(m, a);
          break;
        }
      }
      if (!byMethod.containsKey(m) && adapters.isEmpty() && manual.methods().contains(m)) {
        byMethod.put(m, manual);
      }
    }
    return new AdapterRouting(Collections.unmodifiableMap(byName),
        Collections.unmodifiableMap(byMethod));
  }

  /** Null when {@code method} in {@code currency} can be paid; otherwise why not. */
  @Nullable String whyNotServed(CheckoutMethod method, Currency currency) {
    PaymentAdapter a = byMethod.get(method);
    if (a == null) {
      return "no configured payment adapter serves method " + method.wireName();
    }
    if (!a.serves(method, currency)) {
      return "method " + method.wireName() + " is served by " + a.name() + ", which does not accept "
          + currency.wireName();
    }
    return null;
  }

  /** The adapter for {@code method}, or null. */
  @Nullable PaymentAdapter adapterFor(CheckoutMethod method) {
    return byMethod.get(method);
  }

  /** The registered adapter with this name (the manual one included), or null. */
  @Nullable PaymentAdapter adapterNamed(String name) {
    return byName.get(name);
  }

  /**
   * True when the merchant may {@code confirm} the session: its adapter is a merchant-confirmed one
   * (manual), or no adapter handled it yet and every one of its methods routes to such an adapter.
   */
  boolean isMerchantConfirmed(CheckoutSession session) {
    if (session.adapter() != null) {
      PaymentAdapter a = byName.get(session.adapter());
      return a != null ? a.merchantConfirms() : ManualPaymentAdapter.NAME.equals(session.adapter());
    }
    for (CheckoutMethod m : session.methods()) {
      PaymentAdapter a = byMethod.get(m);
      if (a == null || !a.merchantConfirms()) {
        return false;
      }
    }
    return true;
  }
}
