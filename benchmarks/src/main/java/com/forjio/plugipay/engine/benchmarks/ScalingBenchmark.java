package com.forjio.plugipay.engine.benchmarks;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessionListParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Page;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.memory.InMemorySessionStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Does the in-memory engine stay flat as it fills? create, get, confirm and one list page with
 * {@code stored} sessions already in the store (the target: within 1.5x from 10^4 to 10^6).
 *
 * <p>{@code get} reads the same number of distinct sessions ({@link #READ_SET}, spread evenly over
 * the store) at every size, so what grows is the store, not the set of sessions being read: a
 * round-robin over all 10^6 would measure the memory hierarchy (every read a cache miss) rather
 * than the store. It reads them in a fixed random order: in creation order the whole small store
 * would be read sequentially, which the hardware prefetcher streams and a spread-out read set does
 * not get. {@code get_baseline} reads a bare map of as many records the same way, the floor at each
 * size; {@link #mapReadWithExpiry} reads it as the engine must, checking each record's expiry
 * against the clock, the floor for a read with the engine's contract.
 *
 * <p>{@code create} and {@code confirm} (and their baselines, a bare map's insert and replace)
 * change the store, so they are timed in shots of {@link #WRITE_BATCH} calls (10 + 10 shots by
 * default), after the path was compiled on a throwaway store ({@link Fixtures#warmUp}): timed for
 * seconds, create would grow either store to millions of sessions, so both sizes would measure the
 * same large store (and a heap that fills).
 * This way the small store ends the trial with 1.5x10^4 sessions. {@code confirm} confirms sessions
 * of the filled store, as many as the trial's shots need (at most all 10^4 of the small store),
 * spread evenly over it and in random order like {@code get}'s, so the store holds {@code stored}
 * sessions throughout. {@code confirm_baseline} replaces records of the bare map the same way.
 * The fill ends with a collection, so at both sizes what is stored is old and compacted, as a
 * store's sessions are after a few minutes, whichever size happened to trigger collections during
 * the fill.
 *
 * <p>{@link #loadChain} is the machine's own floor for such growth: one load that depends on the one
 * before, over memory as large as the store's ({@link #BYTES_PER_SESSION} a session), in random
 * order. At 10^4 sessions that memory (7.7 MB) fits a large last-level cache, at 10^6 (768 MB) every
 * load misses the caches (and, on 4 KB pages, the address translation too); what a single load gains in cost from one size to the
 * other is what the memory hierarchy adds to each of a read's dependent loads.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScalingBenchmark -p stored=10000,1000000}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+AlwaysPreTouch", "-Xms6g", "-Xmx6g"})
@State(Scope.Benchmark)
public class ScalingBenchmark {
  @Param({"10000", "1000000"})
  public int stored;

  /** How many distinct sessions {@code get} cycles through, at every size. */
  static final int READ_SET = 10_000;
  /** Creates or confirms per timed shot of {@link #create} and {@link #confirm}. */
  static final int WRITE_BATCH = 250;
  /** Creates and confirms run on a throwaway store before a write trial, to compile the path. */
  static final int WRITE_WARM_UP = 100_000;
  /** About what the in-memory store holds per session (its objects and its index entries). */
  static final int BYTES_PER_SESSION = 768;
  /** Ints per cache line: {@link #loadChain} visits one int of each line. */
  private static final int LINE_INTS = 16;

  private PlugipayEngine engine;
  private String[] ids;
  private java.util.concurrent.ConcurrentHashMap<String, CheckoutSession> map;
  private String[] mapIds;
  private int mapCursor;
  private final AtomicLong keys = new AtomicLong();
  private int cursor;
  private String[] confirmIds;
  private String[] confirmMapIds;
  private int confirmNext;
  private int confirmMapNext;
  private int[] chain;
  private int chainAt;

  @Setup(Level.Trial)
  public void fill(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    if (benchmark.endsWith(".loadChain")) {
      chain = loadChain(stored, new java.util.SplittableRandom(42));
      return;
    }
    int confirms = 0;
    if (benchmark.endsWith(".confirm") || benchmark.endsWith(".confirm_baseline")) {
      confirms = Fixtures.callsPerThread(params);
      if (confirms > stored) {
        throw new IllegalStateException(confirms + " confirms need as many open sessions; the"
            + " store holds " + stored + ": run fewer or smaller shots");
      }
    }
    if (confirms > 0 || benchmark.endsWith(".create") || benchmark.endsWith(".create_baseline")) {
      Fixtures.warmUp(params, WRITE_WARM_UP);
    }
    engine = Fixtures.engine(new InMemorySessionStore());
    map = new java.util.concurrent.ConcurrentHashMap<>();
    String[] all = new String[stored];
    String[] allMap = new String[stored];
    for (int i = 0; i < stored; i++) {
      all[i] = engine.checkoutSessions().create(Fixtures.PARAMS, RequestOptions.idempotencyKey("p" + i)).id();
      CheckoutSession bare = Fixtures.bareRecord();
      map.put(bare.id(), bare);
      allMap[i] = bare.id();
    }
    ids = spread(all, Math.min(stored, READ_SET));
    mapIds = spread(allMap, ids.length);
    confirmIds = spread(all, confirms);
    confirmMapIds = spread(allMap, confirms);
    // read in a random order: in creation order the small store would be read sequentially,
    // which the hardware prefetcher streams, and the comparison would measure that instead
    shuffle(ids, new java.util.Random(42));
    shuffle(mapIds, new java.util.Random(42));
    shuffle(confirmIds, new java.util.Random(43));
    shuffle(confirmMapIds, new java.util.Random(43));
    System.gc(); // what is stored becomes old at both sizes, and the fill's garbage goes now
  }

  /**
   * An array as large as {@code sessions} sessions' worth of store in which, one int per cache
   * line, each names the next line to read: a single cycle through every line in random order.
   */
  static int[] loadChain(int sessions, java.util.SplittableRandom random) {
    int lines = (int) ((long) sessions * BYTES_PER_SESSION / (LINE_INTS * Integer.BYTES));
    int[] order = new int[lines];
    for (int i = 0; i < lines; i++) {
      order[i] = i;
    }
    // a random order of the lines (Sattolo's shuffle; any shuffle would do): linking each line to
    // the next in it makes one cycle through all of them
    for (int i = lines - 1; i > 0; i--) {
      int j = random.nextInt(i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] next = new int[lines * LINE_INTS];
    for (int i = 0; i < lines; i++) {
      next[order[i] * LINE_INTS] = order[(i + 1) % lines] * LINE_INTS;
    }
    return next;
  }

  /** {@code n} of {@code all}, evenly spaced from the first. */
  private static String[] spread(String[] all, int n) {
    String[] picked = new String[n];
    if (n == 0) {
      return picked;
    }
    int every = all.length / n;
    for (int i = 0; i < n; i++) {
      picked[i] = all[i * every];
    }
    return picked;
  }

  private static void shuffle(String[] a, java.util.Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 10, batchSize = WRITE_BATCH)
  @Measurement(iterations = 10, batchSize = WRITE_BATCH)
  public CheckoutSession create() {
    return engine.checkoutSessions().create(Fixtures.PARAMS, RequestOptions.idempotencyKey("n" + keys.incrementAndGet()));
  }

  /**
   * A bare map insert of an equivalent record with a random id, into the map of {@code stored}
   * records, in shots like {@link #create}'s: the floor for create's growth with the store.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 10, batchSize = WRITE_BATCH)
  @Measurement(iterations = 10, batchSize = WRITE_BATCH)
  public @Nullable CheckoutSession create_baseline() {
    CheckoutSession bare = Fixtures.bareRecord();
    return map.put(bare.id(), bare);
  }

  @Benchmark
  public CheckoutSession get() {
    cursor = cursor + 1 == ids.length ? 0 : cursor + 1;
    return engine.checkoutSessions().get(ids[cursor]);
  }

  @Benchmark
  public CheckoutSession get_baseline() {
    mapCursor = mapCursor + 1 == mapIds.length ? 0 : mapCursor + 1;
    return map.get(mapIds[mapCursor]);
  }

  /**
   * The bare map's read held to the engine's read contract: an open record past its expiry is not
   * answered as open, so, like {@link #get}, every read of an open record asks the system clock.
   * The system clock waits for the loads before it, so one read's cache misses cannot overlap the
   * next read's, as {@link #get_baseline}'s do: this is the floor for {@link #get}'s growth, a hash
   * map's chain of dependent loads and nothing else.
   */
  @Benchmark
  public @Nullable CheckoutSession mapReadWithExpiry() {
    mapCursor = mapCursor + 1 == mapIds.length ? 0 : mapCursor + 1;
    CheckoutSession s = map.get(mapIds[mapCursor]);
    return s.status() == CheckoutSessionStatus.OPEN
        && s.expiresAt().toEpochMilli() <= System.currentTimeMillis() ? null : s;
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 10, batchSize = WRITE_BATCH)
  @Measurement(iterations = 10, batchSize = WRITE_BATCH)
  public CheckoutSession confirm() {
    return engine.checkoutSessions().confirm(confirmIds[confirmNext++]);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 10, batchSize = WRITE_BATCH)
  @Measurement(iterations = 10, batchSize = WRITE_BATCH)
  public CheckoutSession confirm_baseline() {
    return Fixtures.complete(map, confirmMapIds[confirmMapNext++]);
  }

  /** One dependent load over memory the size of the store: the machine's part of a read's growth. */
  @Benchmark
  public int loadChain() {
    chainAt = chain[chainAt];
    return chainAt;
  }

  @Benchmark
  public Page<CheckoutSession> listPage() {
    return engine.checkoutSessions().list(CheckoutSessionListParams.builder().limit(50).build());
  }
}
