package com.forjio.plugipay.engine.cache;

import static com.forjio.plugipay.engine.spi.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.forjio.plugipay.engine.CheckoutSessionListParams.Order;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.spi.CallerTransactions;
import com.forjio.plugipay.engine.spi.CreateSessionRequest;
import com.forjio.plugipay.engine.spi.CreateSessionResult;
import com.forjio.plugipay.engine.spi.ListQuery;
import com.forjio.plugipay.engine.spi.OutboxClaim;
import com.forjio.plugipay.engine.spi.ProviderOutcome;
import com.forjio.plugipay.engine.spi.SessionStore;
import com.forjio.plugipay.engine.spi.StoreFixtures;
import com.forjio.plugipay.engine.spi.StoredSession;
import com.forjio.plugipay.engine.spi.TransitionRequest;
import com.forjio.plugipay.engine.spi.TransitionResult;
import com.forjio.plugipay.engine.spi.UnmatchedPayment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of every store facet, and of {@link CallerTransactions}, called on a fresh
 * {@link CachingSessionStore} (nothing cached yet), reaches the wrapped store as that same method
 * with the same arguments: a method added to a facet and not forwarded (left to an interface default
 * that calls others, say) fails here.
 */
class CachingSessionStoreForwardingTest {
  private static final StoredSession SESSION = StoreFixtures.open("acct_fwd", T0);

  static Stream<Method> storeMethods() {
    return Stream.concat(Stream.of(SessionStore.class.getMethods()),
            Stream.of(CallerTransactions.class.getMethods()))
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getDeclaringClass() != Object.class)
        .sorted(java.util.Comparator.comparing(Method::toGenericString));
  }

  @ParameterizedTest
  @MethodSource("storeMethods")
  void reachesTheWrappedStoreUnchanged(Method method) throws Throwable {
    List<String> calls = new ArrayList<>();
    List<Object[]> arguments = new ArrayList<>();
    SessionStore recorded = (SessionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SessionStore.class, CallerTransactions.class}, (proxy, m, args) -> {
          calls.add(m.getName());
          arguments.add(args == null ? new Object[0] : args);
          return answer(m, args);
        });
    CachingSessionStore cache = CachingSessionStore.wrap(recorded);
    Object[] args = Arrays.stream(method.getParameterTypes()).map(CachingSessionStoreForwardingTest::argument)
        .toArray();
    try {
      method.invoke(cache, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    assertThat(calls.get(0)).as(method.getName()).isEqualTo(method.getName());
    assertThat(calls.subList(1, calls.size())).as("besides %s, only asks about the transaction",
        method.getName()).allMatch(c -> c.equals("insideCallerTransaction"));
    assertThat(arguments.get(0)).as(method.getName()).containsExactly(args);
  }

  private static Object argument(Class<?> type) {
    if (type == String.class) {
      return "cs_01KAB5W4Z6Q3N0Y8X7V2T1S9RP";
    }
    if (type == int.class) {
      return 7;
    }
    if (type == Instant.class) {
      return T0;
    }
    if (type == Collection.class) {
      return List.of("evt_1", "evt_2");
    }
    if (type == OutboxClaim.class) {
      return new OutboxClaim("owner", T0, T0.plusSeconds(30), 5);
    }
    if (type == ListQuery.class) {
      return new ListQuery("acct_fwd", null, null, 3, null, Order.DESC, null, null, T0);
    }
    if (type == CreateSessionRequest.class) {
      return StoreFixtures.create(SESSION, "key-fwd", "fp", T0);
    }
    if (type == TransitionRequest.class) {
      return StoreFixtures.move(SESSION, CheckoutSessionStatus.CANCELED, T0.plusSeconds(1));
    }
    if (type == UnmatchedPayment.class) {
      return new UnmatchedPayment("simulator", "ref", "pa_1", ProviderOutcome.PAID, 100L, T0);
    }
    throw new AssertionError("no argument of " + type + ": extend the test for the new method");
  }

  private static Object answer(Method m, Object[] args) {
    Class<?> r = m.getReturnType();
    if (m.getName().equals("create")) {
      CreateSessionRequest req = (CreateSessionRequest) args[0];
      return new CreateSessionResult(req.session(), true, req.fingerprint());
    }
    if (m.getName().equals("transition")) {
      return new TransitionResult(false, SESSION);
    }
    if (r == Optional.class) {
      return Optional.empty();
    }
    if (r == List.class) {
      return List.of();
    }
    if (r == int.class) {
      return 0;
    }
    if (r == boolean.class) {
      return false;
    }
    return null;
  }
}
