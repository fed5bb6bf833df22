package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.event.EventListener;
import com.forjio.plugipay.engine.event.EventSubscriptions;
import com.forjio.plugipay.engine.event.WebhookEndpoints;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import com.forjio.plugipay.engine.spi.PaymentAdapter;
import com.forjio.plugipay.engine.spi.PaymentAdapterDecorator;
import com.forjio.plugipay.engine.spi.SessionStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The embedded Plugipay engine: checkout sessions, their status machine, expiry, idempotency and
 * events, in-process.
 *
 * <pre>{@code
 * try (PlugipayEngine engine = PlugipayEngine.builder().build()) {   // in-memory, manual payments
 *   CheckoutSession s = engine.checkoutSessions().create(CheckoutSessionCreateParams.builder()
 *       .amount(150_000_00).currency(Currency.IDR).methods(CheckoutMethod.VA)
 *       .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/cart")
 *       .metadata(Map.of("order_id", "o_123")).build());
 *   engine.checkoutSessions().confirm(s.id());                        // the transfer arrived
 * }
 * }</pre>
 *
 * <p>An engine owns two kinds of background threads: an outbox dispatcher that delivers events to
 * listeners, and an expiry sweeper. {@link #close()} stops both; the store passed to the builder is
 * the caller's and is not closed (several engines may share it). Thread-safe.
 */
public final class PlugipayEngine implements AutoCloseable {
  private final EngineRuntime rt;
  private final String defaultAccountId;
  private final AccountView defaultAccount;
  private final OutboxDispatcher dispatcher;
  private final ExpirySweeper sweeper;
  private final PaymentFlow payments;
  private final WebhookDispatch webhooks;
  private final AccountWebhooks allAccountWebhooks;
  private static final int RECONCILE_BATCH = 100;
  private final @Nullable SessionStore ownedStore;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PlugipayEngine(Builder b, List<PaymentAdapter> adapters) {
    SessionStore store = b.store;
    this.ownedStore = store == null ? new InMemorySessionStore() : null;
    if (store == null) {
      store = ownedStore;
    }
    String owner = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    this.dispatcher = new OutboxDispatcher(store, owner, b.listeners, b.retryInitial, b.retryMax,
        b.pollInterval, b.eventThreads);
    Clock clock = new MicrosecondClock(b.clock);
    this.rt = new EngineRuntime(store, clock, AdapterRouting.of(adapters, b.routes),
        b.hostedBaseUrl, b.keyRetention, dispatcher);
    this.defaultAccountId = b.defaultAccountId;
    this.webhooks = new WebhookDispatch(dispatcher, clock, b.defaultAccountId, b.webhookMaxAttempts,
        b.webhookDeliveriesKept, b.webhookDeliveryMaxAge);
    this.allAccountWebhooks = new AccountWebhooks(webhooks, null, false);
    this.defaultAccount = new AccountView(rt, webhooks, defaultAccountId, false);
    this.payments = new PaymentFlow(rt);
    this.sweeper = new ExpirySweeper(rt.transitions(), store, clock, owner,
        () -> payments.reconcile(RECONCILE_BATCH), b.reconcileInterval);
    dispatcher.start();
    if (!b.sweepInterval.isZero()) {
      sweeper.start(b.sweepInterval);
    }
  }

  /** A builder with every setting at its default; each setter may be called at most once. */
  public static Builder builder() {
    return new Builder();
  }

  /** The checkout sessions of the default account. */
  public CheckoutSessions checkoutSessions() {
    return defaultAccount.checkoutSessions();
  }

  /** The id of the default account ({@code acct_default} unless configured). */
  public String defaultAccountId() {
    return defaultAccountId;
  }

  /**
   * The engine as seen by one account. Accounts are isolated completely.
   *
   * @throws PlugipayException {@code validation_error} on {@code accountId} when it is empty, longer
   *     than 255 characters, starts or ends with whitespace, or holds a control character or a lone
   *     surrogate: ids are compared exactly, so {@code "acct_a "} would be another account
   */
  public PlugipayAccount forAccount(String accountId) {
    checkAccountId(accountId, "accountId");
    return accountId.equals(defaultAccountId) ? defaultAccount
        : new AccountView(rt, webhooks, accountId, false);
  }

  /** The customer's side of sessions: what the hosted page shows, and paying with a method. */
  public HostedCheckout hostedCheckout() {
    return payments;
  }

  /** Where the application's callback endpoints hand over providers' notifications. */
  public ProviderNotifications providerNotifications() {
    return payments;
  }

  /**
   * Asks the providers about payment attempts still pending (a callback may have been lost) and
   * applies their answers, as the background sweeper does on its reconcile interval.
   *
   * @return how many sessions changed
   */
  public int reconcile() {
    return payments.reconcile(RECONCILE_BATCH);
  }

  /**
   * The webhook endpoints of the default account, as {@link #checkoutSessions()} are its sessions:
   * {@code forAccount(defaultAccountId()).webhooks()}. An endpoint registered here receives only the
   * default account's events.
   */
  public WebhookEndpoints webhooks() {
    return defaultAccount.webhooks();
  }

  /**
   * Engine-wide webhook endpoints: an endpoint registered here receives the events of every account
   * (as a Stripe Connect endpoint does); its
   * {@link com.forjio.plugipay.engine.event.WebhookEndpoint#accountId()} is null. This view lists, shows and replays only engine-wide endpoints; an account's endpoints are
   * {@code not_found} here, as the engine-wide ones are from every account's view. Hand it only to code
   * that may see every account's data.
   */
  public WebhookEndpoints allAccountWebhooks() {
    return allAccountWebhooks;
  }

  /** Where in-process listeners subscribe. */
  public EventSubscriptions events() {
    return dispatcher;
  }

  /**
   * Expires every session that is due now, as the background sweeper does on its interval. Useful
   * when the sweeper is disabled ({@code expirySweepInterval(Duration.ZERO)}) or in tests with a
   * controlled clock.
   *
   * @return how many sessions this call expired
   */
  public int sweepExpired() {
    return sweeper.sweep();
  }

  /**
   * Deletes idempotency records past their retention, as the background sweeper does every ten
   * minutes.
   *
   * @return how many records were deleted
   */
  public int purgeExpiredIdempotencyKeys() {
    return sweeper.purgeKeys();
  }

  /**
   * Stops the background threads (waiting up to a few seconds for deliveries in progress) and closes
   * the store if the engine created it. Events not yet delivered stay in a durable store's outbox for
   * the next engine. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sweeper.close();
    dispatcher.close();
    if (ownedStore != null) {
      ownedStore.close();
    }
  }

  @Override
  public String toString() {
    return "PlugipayEngine[store=" + rt.store() + ", defaultAccount=" + defaultAccountId + "]";
  }

  /**
   * Refuses what cannot name an account: null, empty, longer than 255 characters, surrounded by
   * whitespace, or holding a control character or a lone surrogate (see {@link StorableText}).
   */
  static void checkAccountId(@Nullable String accountId, String param) {
    String problem = accountId == null ? "is required" : StorableText.accountIdProblem(accountId);
    if (problem != null) {
      throw PlugipayException.invalid(param, param + " " + problem
          + "; an account id is 1..255 characters without surrounding whitespace or control characters");
    }
  }

  /**
   * Configures an engine. Every setter is optional and may be called once (repeatable ones say so);
   * a bad value or a second call is refused at once with a {@code validation_error} naming the
   * setting, and {@link #build()} checks combinations. A misconfigured engine does not start.
   */
  public static final class Builder {
    private static final Pattern ADAPTER_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    /** Deliveries kept per webhook endpoint unless {@link #webhookDeliveryRetention} says otherwise. */
    public static final int DEFAULT_WEBHOOK_DELIVERIES_KEPT = 10_000;
    /** How long a webhook delivery is kept unless {@link #webhookDeliveryRetention} says otherwise. */
    public static final Duration DEFAULT_WEBHOOK_DELIVERY_MAX_AGE = Duration.ofDays(30);

    private @Nullable SessionStore store;
    private final List<PaymentAdapter> adapters = new ArrayList<>();
    private final Map<CheckoutMethod, String> routes = new EnumMap<>(CheckoutMethod.class);
    private final List<EventListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private String hostedBaseUrl = "http://localhost:8080/c";
    private String defaultAccountId = "acct_default";
    private Duration keyRetention = Duration.ofHours(24);
    private Duration retryInitial = Duration.ofMillis(500);
    private Duration retryMax = Duration.ofSeconds(30);
    private Duration sweepInterval = Duration.ofSeconds(1);
    private Duration pollInterval = Duration.ofMillis(250);
    private int eventThreads = 2;
    private @Nullable PaymentAdapterDecorator decorator;
    private Duration reconcileInterval = Duration.ofMinutes(1);
    private int webhookMaxAttempts = 12;
    private int webhookDeliveriesKept = DEFAULT_WEBHOOK_DELIVERIES_KEPT;
    private Duration webhookDeliveryMaxAge = DEFAULT_WEBHOOK_DELIVERY_MAX_AGE;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    private void once(String setting) {
      if (!set.add(setting)) {
        throw PlugipayException.invalid(setting, setting + " was already set");
      }
    }

    private static <T> T required(@Nullable T value, String setting) {
      if (value == null) {
        throw PlugipayException.invalid(setting, setting + " must not be null");
      }
      return value;
    }

    /** Where sessions live; default: a new {@link InMemorySessionStore}. Not closed by the engine. */
    public Builder store(SessionStore store) {
      once("store");
      this.store = required(store, "store");
      return this;
    }

    /**
     * Registers a payment adapter (repeatable). Names are unique; {@code manual} is built in. Once any
     * adapter is registered, the manual adapter serves only methods explicitly routed to it.
     */
    public Builder adapter(PaymentAdapter adapter) {
      required(adapter, "adapter");
      String name = adapter.name();
      if (name == null || !ADAPTER_NAME.matcher(name).matches()) {
        throw PlugipayException.invalid("adapter",
            "adapter names are 1..40 characters of a-z, 0-9, '_' and '-', was '" + name + "'");
      }
      if (ManualPaymentAdapter.NAME.equals(name)
          || adapters.stream().anyMatch(a -> a.name().equals(name))) {
        throw PlugipayException.invalid("adapter", "an adapter named " + name + " is already registered");
      }
      if (adapter.methods() == null || adapter.methods().isEmpty()) {
        throw PlugipayException.invalid("adapter", "adapter " + name + " offers no method");
      }
      adapters.add(adapter);
      return this;
    }

    /**
     * Wraps every registered adapter (not the built-in manual one) at build time. Default: the first
     * {@link PaymentAdapterDecorator} found by {@link ServiceLoader} (with {@code engine-adapters} on
     * the class path, its default Resilience4j policy), else none. Pass {@code a -> a} for none.
     */
    public Builder adapterDecorator(PaymentAdapterDecorator decorator) {
      once("adapterDecorator");
      this.decorator = required(decorator, "adapterDecorator");
      return this;
    }

    /** Sends {@code method} to the adapter named {@code adapterName} (repeatable, once per method). */
    public Builder route(CheckoutMethod method, String adapterName) {
      required(method, "route");
      required(adapterName, "route");
      if (routes.putIfAbsent(method, adapterName) != null) {
        throw PlugipayException.invalid("route", "method " + method.wireName() + " is already routed");
      }
      return this;
    }

    /**
     * The engine's clock for creation, expiry and event times; default {@link Clock#systemUTC()}.
     * The engine truncates its readings to microseconds, the precision SQL stores keep.
     */
    public Builder clock(Clock clock) {
      once("clock");
      this.clock = required(clock, "clock");
      return this;
    }

    /**
     * The base of hosted page URLs; {@code hostedUrl} is this base, {@code /}, and an unguessable
     * token. An absolute http(s) URL; default {@code http://localhost:8080/c}.
     */
    public Builder hostedBaseUrl(String hostedBaseUrl) {
      once("hostedBaseUrl");
      required(hostedBaseUrl, "hostedBaseUrl");
      try {
        URI uri = new URI(hostedBaseUrl);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getQuery() != null
            || uri.getFragment() != null
            || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
          throw PlugipayException.invalid("hostedBaseUrl",
              "hostedBaseUrl must be an absolute http(s) URL without query or fragment, was '"
                  + hostedBaseUrl + "'");
        }
      } catch (URISyntaxException e) {
        throw new PlugipayException(ErrorCode.VALIDATION_ERROR, "hostedBaseUrl",
            "hostedBaseUrl is not a valid URL: " + e.getMessage(), e);
      }
      this.hostedBaseUrl = hostedBaseUrl.endsWith("/")
          ? hostedBaseUrl.substring(0, hostedBaseUrl.length() - 1) : hostedBaseUrl;
      return this;
    }

    /** The account of {@link PlugipayEngine#checkoutSessions()}; default {@code acct_default}. */
    public Builder defaultAccountId(String accountId) {
      once("defaultAccountId");
      checkAccountId(accountId, "defaultAccountId");
      this.defaultAccountId = accountId;
      return this;
    }

    /**
     * A listener that receives every event from the engine's first (repeatable). Listeners added
     * later with {@code events().subscribe} receive events dispatched after they subscribe.
     */
    public Builder listener(EventListener listener) {
      listeners.add(required(listener, "listener"));
      return this;
    }

    /**
     * How long an explicit idempotency key keeps answering with its session: 1 minute to 365 days;
     * default 24 hours. Keys are purged after.
     */
    public Builder idempotencyKeyRetention(Duration retention) {
      once("idempotencyKeyRetention");
      this.keyRetention = inRange(retention, "idempotencyKeyRetention", Duration.ofMinutes(1),
          Duration.ofDays(365));
      return this;
    }

    /**
     * Backoff of redeliveries to a listener that threw: the first retry after at most
     * {@code initial}, doubling (with jitter) up to {@code max}. Default 500 ms and 30 s.
     */
    public Builder eventRetryBackoff(Duration initial, Duration max) {
      once("eventRetryBackoff");
      this.retryInitial = inRange(initial, "eventRetryBackoff", Duration.ofMillis(1),
          Duration.ofHours(1));
      this.retryMax = inRange(max, "eventRetryBackoff", initial, Duration.ofDays(1));
      return this;
    }

    /**
     * How often the background sweeper expires due sessions: 10 ms to 1 hour, or
     * {@link Duration#ZERO} for no background sweeping (call {@link PlugipayEngine#sweepExpired()}).
     * Default 1 second. Readers see expiry exactly either way.
     */
    public Builder expirySweepInterval(Duration interval) {
      once("expirySweepInterval");
      required(interval, "expirySweepInterval");
      this.sweepInterval = interval.isZero() ? interval
          : inRange(interval, "expirySweepInterval", Duration.ofMillis(10), Duration.ofHours(1));
      return this;
    }

    /**
     * How often the dispatcher looks for events committed by other engines sharing the store, and for
     * retries that came due: 10 ms to 1 minute; default 250 ms. Events this engine commits are
     * dispatched at once.
     */
    public Builder eventPollInterval(Duration interval) {
      once("eventPollInterval");
      this.pollInterval = inRange(interval, "eventPollInterval", Duration.ofMillis(10),
          Duration.ofMinutes(1));
      return this;
    }

    /**
     * How often the background sweeper asks providers about attempts still pending: 1 second to 1
     * day; default 1 minute. (Only when the sweeper runs; see {@link #expirySweepInterval}.)
     */
    public Builder reconcileInterval(Duration interval) {
      once("reconcileInterval");
      this.reconcileInterval = inRange(interval, "reconcileInterval", Duration.ofSeconds(1),
          Duration.ofDays(1));
      return this;
    }

    /**
     * Attempts of one webhook delivery before it is marked failed (1..100; default 12, about ten
     * minutes with the default backoff). Failed deliveries can be replayed.
     */
    public Builder webhookMaxAttempts(int attempts) {
      once("webhookMaxAttempts");
      if (attempts < 1 || attempts > 100) {
        throw PlugipayException.invalid("webhookMaxAttempts", "webhookMaxAttempts must be 1..100, was " + attempts);
      }
      this.webhookMaxAttempts = attempts;
      return this;
    }

    /**
     * How much delivery history each webhook endpoint keeps (what {@code deliveries(endpointId)} and
     * {@code failedDeliveries()} show), so that an engine running for months does not grow without
     * limit. A delivery last attempted more than {@code maxAge} ago is dropped (a failed one can then
     * no longer be replayed). Beyond {@code maxPerEndpoint} deliveries the oldest delivered ones are
     * dropped first; failed ones only when nothing delivered is left; deliveries still being retried
     * never (their events are still in the outbox, which bounds them). Each delivery keeps its last
     * 20 attempts. Dropping a delivery never makes the engine POST its event again while the outbox
     * dispatcher remembers that the endpoint has it (until the event is acknowledged); webhooks are
     * at least once all the same, and receivers deduplicate by event id.
     *
     * @param maxPerEndpoint 1..1,000,000; default {@value #DEFAULT_WEBHOOK_DELIVERIES_KEPT}
     * @param maxAge 1 minute..3650 days, and at least twice the {@link #eventRetryBackoff} maximum (a
     *     delivery waiting for its next retry is not forgotten; checked by {@link #build()}); default
     *     30 days
     */
    public Builder webhookDeliveryRetention(int maxPerEndpoint, Duration maxAge) {
      once("webhookDeliveryRetention");
      if (maxPerEndpoint < 1 || maxPerEndpoint > 1_000_000) {
        throw PlugipayException.invalid("webhookDeliveryRetention",
            "webhookDeliveryRetention maxPerEndpoint must be 1..1000000, was " + maxPerEndpoint);
      }
      this.webhookDeliveryMaxAge = inRange(maxAge, "webhookDeliveryRetention", Duration.ofMinutes(1),
          Duration.ofDays(3650));
      this.webhookDeliveriesKept = maxPerEndpoint;
      return this;
    }

    /** Threads that run listeners: 1..64; default 2. */
    public Builder eventThreads(int threads) {
      once("eventThreads");
      if (threads < 1 || threads > 64) {
        throw PlugipayException.invalid("eventThreads", "eventThreads must be 1..64, was " + threads);
      }
      this.eventThreads = threads;
      return this;
    }

    private static Duration inRange(@Nullable Duration d, String setting, Duration min, Duration max) {
      required(d, setting);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw PlugipayException.invalid(setting,
            setting + " must be " + min + ".." + max + ", was " + d);
      }
      return d;
    }

    /**
     * Builds and starts the engine.
     *
     * @throws PlugipayException {@code validation_error} when the settings do not fit together (a
     *     route to an unknown adapter or for a method it does not offer; a webhook delivery retention
     *     shorter than twice the event retry backoff's maximum)
     */
    public PlugipayEngine build() {
      AdapterRouting.of(adapters, routes); // checks the routes before any thread starts
      if (webhookDeliveryMaxAge.compareTo(retryMax.multipliedBy(2)) < 0) {
        throw PlugipayException.invalid("webhookDeliveryRetention",
            "webhookDeliveryRetention maxAge must be at least twice the eventRetryBackoff max ("
                + retryMax.multipliedBy(2) + "), was " + webhookDeliveryMaxAge
                + ": a delivery waiting for its next retry would be forgotten");
      }
      List<PaymentAdapter> effective = new ArrayList<>(adapters);
      if (!effective.isEmpty()) {
        PaymentAdapterDecorator d = decorator != null ? decorator
            : ServiceLoader.load(PaymentAdapterDecorator.class, PlugipayEngine.class.getClassLoader())
                .findFirst().orElse(null);
        if (d != null) {
          effective.replaceAll(a -> {
            PaymentAdapter decorated = d.decorate(a);
            if (decorated == null || !a.name().equals(decorated.name())) {
              throw PlugipayException.invalid("adapterDecorator",
                  "the decorator must keep the adapter's name (" + a.name() + ")");
            }
            return decorated;
          });
        }
      }
      return new PlugipayEngine(this, effective);
    }
  }
}
