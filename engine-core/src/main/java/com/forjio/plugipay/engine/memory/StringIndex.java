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
 * the hashes, which a probe scans (0 marks a free position), and the keys and values side by side,
 * which it reads only on a matching hash. Growing copies those arrays sequentially instead of re-linking
 * and re-allocating every node, which in a store that only grows was the largest single cost of a
 * create, in CPU and in garbage collection; and with many stripes each table stays small enough
 * that rehashing it happens in cache.
 *
 * <h2>Concurrency</h2>
 * Readers take no lock: a stripe's table is published through a volatile field once it is complete,
 * and an entry's hash is written last with release semantics, after its key and value, so a reader
 * that sees the hash sees the rest. Writers hold their stripe's monitor; a stripe that grows builds
 * the new table aside and publishes it whole, so a reader sees either the old table or the new one.
 * Removal leaves a tombstone, which a reader steps over and the next growth drops. {@link #compute}
 * runs its function under the stripe's monitor, which makes it atomic per key.
 *
 * @param <V> the values
 */
final class StringIndex<V> {
  private static final int STRIPE_BITS = 8;
  private static final int INITIAL_CAPACITY = 8;
  private static final String TOMBSTONE = new String("<removed>");
  private static final VarHandle HASHES = MethodHandles.arrayElementVarHandle(int[].class);
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
    int mask = t.hashes.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int hi = (int) HASHES.getAcquire(t.hashes, i);
      if (hi == 0) {
        return null;
      }
      if (hi == h && isKey(t.entries[2 * i], key)) {
        return (V) ENTRIES.getAcquire(t.entries, 2 * i + 1);
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
      s.put(key, h, value);
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
        ENTRIES.setRelease(s.table.entries, 2 * at + 1, next);
      }
      return next;
    }
  }

  /** Removes the key if it still maps to {@code value}; true if it did. */
  boolean remove(String key, V value) {
    int h = hash(key);
    Stripe s = stripes[h >>> (32 - STRIPE_BITS)];
    synchronized (s) {
      return s.remove(key, h, value);
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
        Table t = s.table;
        for (int i = 0; i < t.hashes.length && removed < limit; i++) {
          Object k = t.entries[2 * i];
          if (k != null && k != TOMBSTONE && condition.test((V) t.entries[2 * i + 1], argument)) {
            s.clear(t, i);
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
    return h == 0 ? 1 : h; // 0 marks a free position
  }

  /** One table and its counts; written only under its own monitor. */
  private static final class Stripe {
    volatile Table table = new Table(INITIAL_CAPACITY);
    /** Positions taken, by live entries or tombstones: what limits probing. */
    int used;
    int live;

    /**
     * One probe: the key's position if present, else the complement of the free position where it
     * would go.
     */
    int position(String key, int h) {
      Table t = table;
      int mask = t.hashes.length - 1;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        int hi = t.hashes[i];
        if (hi == 0) {
          return ~i;
        }
        if (hi == h && isKey(t.entries[2 * i], key)) {
          return i;
        }
      }
    }

    @SuppressWarnings("unchecked")
    <V> V valueAt(int position) {
      return (V) table.entries[2 * position + 1];
    }

    /** Inserts an absent key at the free position {@link #position} found, growing first if due. */
    void insert(int free, String key, int h, Object value) {
      Table t = table;
      int i = free;
      if ((used + 1) * 3 > t.hashes.length * 2) {
        t = grow();
        int mask = t.hashes.length - 1;
        i = h & mask;
        while (t.hashes[i] != 0) {
          i = (i + 1) & mask;
        }
      }
      t.entries[2 * i] = key;
      t.entries[2 * i + 1] = value;
      HASHES.setRelease(t.hashes, i, h); // publishes the key and the value with it
      used++;
      live++;
    }

    void put(String key, int h, Object value) {
      int at = position(key, h);
      if (at >= 0) {
        ENTRIES.setRelease(table.entries, 2 * at + 1, value);
      } else {
        insert(~at, key, h, value);
      }
    }

    <V> boolean remove(String key, int h, V value) {
      Table t = table;
      int mask = t.hashes.length - 1;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        int hi = t.hashes[i];
        if (hi == 0) {
          return false;
        }
        if (hi == h && isKey(t.entries[2 * i], key)) {
          if (t.entries[2 * i + 1] != value) {
            return false;
          }
          clear(t, i);
          return true;
        }
      }
    }

    /** Leaves a tombstone: the hash stays (probes go on past it), the key no longer matches. */
    void clear(Table t, int i) {
      ENTRIES.setRelease(t.entries, 2 * i, TOMBSTONE);
      ENTRIES.setRelease(t.entries, 2 * i + 1, null);
      live--;
    }

    /** A table at most a third full, tombstones dropped, published whole. */
    private Table grow() {
      Table old = table;
      int capacity = old.hashes.length;
      while ((live + 1) * 3 > capacity) {
        capacity <<= 1;
      }
      Table t = new Table(capacity);
      int mask = capacity - 1;
      for (int j = 0; j < old.hashes.length; j++) {
        int h = old.hashes[j];
        Object k = old.entries[2 * j];
        if (h == 0 || k == TOMBSTONE) {
          continue;
        }
        int i = h & mask;
        while (t.hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        t.hashes[i] = h;
        t.entries[2 * i] = k;
        t.entries[2 * i + 1] = old.entries[2 * j + 1];
      }
      used = live;
      table = t; // volatile: readers see the complete table
      return t;
    }
  }

  /** The hashes, and the keys and values side by side, of one capacity (a power of two). */
  private static final class Table {
    final int[] hashes;
    final Object[] entries;

    Table(int capacity) {
      hashes = new int[capacity];
      entries = new Object[2 * capacity];
    }
  }
}
