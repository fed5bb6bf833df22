package com.forjio.plugipay.engine.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * A concurrent map from strings to values, built for the in-memory store's indexes (session id,
 * hosted token, idempotency key), which grow by one entry per session and are read far more often
 * than written.
 *
 * <p>Unlike {@link java.util.concurrent.ConcurrentHashMap} it holds no object per entry: each of
 * 256 stripes is an open-addressing table (linear probing), at most two-thirds full, of two arrays:
 * the probe array, whose positions each pack a key's hash with the number of its entry (0 marks a
 * free position), and the entries, keys and values side by side. A probe scans the packed
 * positions and reads an entry only on a matching hash. An insert writes its entry right after the
 * stripe's last one, where the stripe's previous insert wrote: in a large store adding a key misses
 * the cache once (at its probe position), not twice (there and at an entry of its own). Growing
 * copies those arrays sequentially instead of re-linking and re-allocating every node, and with
 * many stripes each table stays small enough that rehashing it happens in cache.
 *
 * <h2>Concurrency</h2>
 * Readers take no lock: a stripe's table is published through a volatile field once it is complete,
 * and a probe position is written last with release semantics, after the entry it names, so a
 * reader that sees the position sees the entry. Writers hold their stripe's monitor; a stripe that
 * grows builds the new table aside and publishes it whole, so a reader sees either the old table or
 * the new one. Removal leaves a tombstone in the entry (the probe position stays, so probes go on
 * past it), which a reader steps over and the next growth drops. {@link #compute} runs its function
 * under the stripe's monitor, which makes it atomic per key.
 *
 * @param <V> the values
 */
final class StringIndex<V> {
  private static final int STRIPE_BITS = 8;
  private static final int INITIAL_CAPACITY = 8;
  private static final String TOMBSTONE = new String("<removed>");
  private static final VarHandle POSITIONS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(Object[].class);

  /** What {@link #compute} asks: the value to hold given the current one (null if none). */
  @FunctionalInterface
  interface Remapping<V, A> {
    /** Returns the value to hold for the key: {@code existing} to keep it, another to replace it. */
    V apply(@Nullable V existing, A argument);
  }

  private final Stripe[] stripes = new Stripe[1 << STRIPE_BITS];

  StringIndex() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** The value for {@code key}, or null. Takes no lock. */
  @SuppressWarnings("unchecked")
  @Nullable V get(String key) {
    int h = hash(key);
    Table t = stripes[h >>> (32 - STRIPE_BITS)].table;
    long[] positions = t.positions;
    int mask = positions.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      long p = (long) POSITIONS.getAcquire(positions, i);
      if (p == 0) {
        return null;
      }
      if (hashOf(p) == h) {
        int e = 2 * entryOf(p);
        if (isKey(t.entries[e], key)) {
          return (V) ENTRIES.getAcquire(t.entries, e + 1);
        }
      }
    }
  }

  /** Adds {@code value} for {@code key} unless the key is present; returns the present value, or null. */
  @Nullable V putIfAbsent(String key, V value) {
    int h = hash(key);
    Stripe s = stripes[h >>> (32 - STRIPE_BITS)];
    synchronized (s) {
      int at = s.position(key, h);
      if (at >= 0) {
        return s.valueAt(at);
      }
      s.insert(~at, key, h, value);
      return null;
    }
  }

  /** Sets the value for {@code key}. */
  void put(String key, V value) {
    int h = hash(key);
    Stripe s = stripes[h >>> (32 - STRIPE_BITS)];
    synchronized (s) {
      int at = s.position(key, h);
      if (at >= 0) {
        s.setValueAt(at, value);
      } else {
        s.insert(~at, key, h, value);
      }
    }
  }

  /**
   * Atomically replaces the key's value by {@code f(existing, argument)}, holding the key's stripe
   * while {@code f} runs (so {@code f} must be short and must not use this index).
   *
   * @return the value now held
   */
  <A> V compute(String key, A argument, Remapping<V, A> f) {
    int h = hash(key);
    Stripe s = stripes[h >>> (32 - STRIPE_BITS)];
    synchronized (s) {
      int at = s.position(key, h);
      V existing = at >= 0 ? s.valueAt(at) : null;
      V next = f.apply(existing, argument);
      if (at < 0) {
        s.insert(~at, key, h, next);
      } else if (next != existing) {
        s.setValueAt(at, next);
      }
      return next;
    }
  }

  /** Removes the key if it still maps to {@code value}; true if it did. */
  boolean remove(String key, V value) {
    int h = hash(key);
    Stripe s = stripes[h >>> (32 - STRIPE_BITS)];
    synchronized (s) {
      int at = s.position(key, h);
      if (at < 0 || s.valueAt(at) != value) {
        return false;
      }
      s.clear(entryOf(s.table.positions[at]));
      return true;
    }
  }

  /** The number of entries. */
  int size() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.live;
      }
    }
    return n;
  }

  /** What {@link #removeIf} asks of each entry. */
  @FunctionalInterface
  interface Condition<V, A> {
    /** True to remove the entry. */
    boolean test(V value, A argument);
  }

  /**
   * Removes up to {@code limit} entries whose value meets {@code condition}, a stripe at a time.
   *
   * @return how many were removed
   */
  @SuppressWarnings("unchecked")
  <A> int removeIf(Condition<V, A> condition, A argument, int limit) {
    int removed = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        Object[] entries = s.table.entries;
        for (int e = 0; e < s.used && removed < limit; e++) {
          Object k = entries[2 * e];
          if (k != TOMBSTONE && condition.test((V) entries[2 * e + 1], argument)) {
            s.clear(e);
            removed++;
          }
        }
      }
      if (removed >= limit) {
        break;
      }
    }
    return removed;
  }

  /** The stored key is {@code key}: by identity for the tombstone, whatever text a key holds. */
  private static boolean isKey(@Nullable Object stored, String key) {
    return stored != TOMBSTONE && key.equals(stored);
  }

  private static int hash(String key) {
    int h = key.hashCode() * 0x9E3779B9; // Fibonacci hashing: the high bits pick the stripe
    h ^= h >>> 15;
    return h == 0 ? 1 : h; // a packed position is never 0, which marks a free one
  }

  /** A probe position naming entry {@code entry} of a key hashed {@code h}; never 0 (h is not). */
  private static long pack(int h, int entry) {
    return ((long) h << 32) | entry;
  }

  private static int hashOf(long position) {
    return (int) (position >>> 32);
  }

  private static int entryOf(long position) {
    return (int) position;
  }

  /** One table and its counts; written only under its own monitor. */
  private static final class Stripe {
    volatile Table table = new Table(INITIAL_CAPACITY);
    /** Entries written, live or tombstones: the next entry's number, and what limits probing. */
    int used;
    int live;

    /**
     * One probe: the key's probe position if present, else the complement of the free position
     * where it would go.
     */
    int position(String key, int h) {
      Table t = table;
      long[] positions = t.positions;
      int mask = positions.length - 1;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        long p = positions[i];
        if (p == 0) {
          return ~i;
        }
        if (hashOf(p) == h && isKey(t.entries[2 * entryOf(p)], key)) {
          return i;
        }
      }
    }

    @SuppressWarnings("unchecked")
    <V> V valueAt(int position) {
      Table t = table;
      return (V) t.entries[2 * entryOf(t.positions[position]) + 1];
    }

    void setValueAt(int position, Object value) {
      Table t = table;
      ENTRIES.setRelease(t.entries, 2 * entryOf(t.positions[position]) + 1, value);
    }

    /** Inserts an absent key at the free position {@link #position} found, growing first if due. */
    void insert(int free, String key, int h, Object value) {
      Table t = table;
      int i = free;
      if (used == t.limit()) {
        t = grow();
        i = t.freePosition(h);
      }
      int e = used;
      t.entries[2 * e] = key;
      t.entries[2 * e + 1] = value;
      POSITIONS.setRelease(t.positions, i, pack(h, e)); // publishes the entry with it
      used++;
      live++;
    }

    /**
     * Leaves a tombstone: the probe position stays (probes go on past it), the key no longer
     * matches.
     */
    void clear(int entry) {
      Object[] entries = table.entries;
      ENTRIES.setRelease(entries, 2 * entry, TOMBSTONE);
      ENTRIES.setRelease(entries, 2 * entry + 1, null);
      live--;
    }

    /** A table at most a third full, tombstones dropped, published whole. */
    private Table grow() {
      Table old = table;
      int capacity = old.positions.length;
      while ((live + 1) * 3 > capacity) {
        capacity <<= 1;
      }
      Table t = new Table(capacity);
      int n = 0;
      // by the packed positions, which hold each key's hash: reading the keys' own (cached) hashes
      // would visit every key object, a cache miss each in a large store
      for (long p : old.positions) {
        if (p == 0) {
          continue;
        }
        int e = 2 * entryOf(p);
        Object k = old.entries[e];
        if (k == TOMBSTONE) {
          continue;
        }
        int h = hashOf(p);
        t.positions[t.freePosition(h)] = pack(h, n);
        t.entries[2 * n] = k;
        t.entries[2 * n + 1] = old.entries[e + 1];
        n++;
      }
      used = n;
      table = t; // volatile: readers see the complete table
      return t;
    }
  }

  /**
   * The probe positions, of one capacity (a power of two), and the entries, keys and values side by
   * side, room for as many as the positions may hold (two-thirds of them).
   */
  private static final class Table {
    final long[] positions;
    final Object[] entries;

    Table(int capacity) {
      positions = new long[capacity];
      entries = new Object[2 * (capacity * 2 / 3)];
    }

    /** How many entries the table holds before it has to grow. */
    int limit() {
      return entries.length / 2;
    }

    /** The first free probe position for a key hashed {@code h}; the table must have one. */
    int freePosition(int h) {
      int mask = positions.length - 1;
      int i = h & mask;
      while (positions[i] != 0) {
        i = (i + 1) & mask;
      }
      return i;
    }
  }
}
