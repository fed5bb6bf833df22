package com.forjio.plugipay.engine.memory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Elements kept sorted by a comparator, for an index whose elements arrive nearly in that order
 * and are never removed: the in-memory store's sessions of one account, by {@code (createdAt, id)}.
 *
 * <p>An insert steps back from the end past the few elements that compare greater (two threads
 * that read the clock in one order may insert in the other), so it costs a comparison or two, a
 * short shift and no allocation beyond the array's growth, where a skip list walks its levels and
 * allocates nodes; an element that would have to step back further goes into a small tree of
 * stragglers instead, so no arrival order makes an insert cost the log's length. The array is
 * chunked, so growth never copies more than one chunk. Writers and readers share this log's
 * monitor; a reader holds it only to copy a window of elements, found by binary search from the
 * last element it has seen, so a long walk neither blocks inserts nor misses or repeats an element
 * when inserts shift the array under it.
 *
 * @param <T> the elements
 */
final class OrderedLog<T> {
  private static final int CHUNK_BITS = 12;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final int FIRST_CHUNK = 16;
  /** How far back an insert steps before the element goes to the stragglers instead. */
  private static final int MAX_STEP_BACK = 32;

  /** Compares elements, and elements with the probes readers pass. */
  private final Comparator<Object> order;
  private Object[][] chunks = new Object[4][];
  private int size;
  /**
   * Elements that arrived far behind the end of the array (a clock stepped back, or many sessions
   * in one clock tick, which then sort by id, that is at random): kept in a tree so that no input
   * order makes inserts cost the length of the log. Readers merge it with the array.
   */
  private final TreeMap<Object, T> stragglers;

  OrderedLog(Comparator<Object> order) {
    this.order = order;
    this.stragglers = new TreeMap<>(order);
  }

  /**
   * Inserts {@code e} in order. Elements must be distinct under the comparator (the store's are:
   * ids break ties of creation time).
   */
  synchronized void add(T e) {
    int at = size;
    while (at > 0 && order.compare(at(at - 1), e) > 0) {
      if (size - at == MAX_STEP_BACK) {
        stragglers.put(e, e); // far out of order: a tree, not a long shift of the array
        return;
      }
      at--;
    }
    makeRoom();
    for (int i = size; i > at; i--) {
      set(i, at(i - 1));
    }
    set(at, e);
    size++;
  }

  /** The number of elements. */
  synchronized int size() {
    return size + stragglers.size();
  }

  /**
   * Copies into {@code into}, in ascending order, the elements after {@code from} ({@code
   * inclusive}: from it on), or from the first if {@code from} is null.
   *
   * @return how many were copied, at most {@code into.length}; 0 at the end
   */
  synchronized int ascending(@Nullable Object from, boolean inclusive, Object[] into) {
    int i = from == null ? 0 : search(from, !inclusive);
    Iterator<T> more = (from == null ? stragglers : stragglers.tailMap(from, inclusive))
        .values().iterator();
    Object straggler = more.hasNext() ? more.next() : null;
    int n = 0;
    while (n < into.length && (i < size || straggler != null)) {
      if (straggler != null && (i == size || order.compare(straggler, at(i)) < 0)) {
        into[n++] = straggler;
        straggler = more.hasNext() ? more.next() : null;
      } else {
        into[n++] = at(i++);
      }
    }
    return n;
  }

  /**
   * Copies into {@code into}, in descending order, the elements before {@code from} ({@code
   * inclusive}: up to and with it), or from the last if {@code from} is null.
   *
   * @return how many were copied, at most {@code into.length}; 0 at the start
   */
  synchronized int descending(@Nullable Object from, boolean inclusive, Object[] into) {
    int i = (from == null ? size : search(from, inclusive)) - 1;
    Iterator<T> more = (from == null ? stragglers : stragglers.headMap(from, inclusive))
        .descendingMap().values().iterator();
    Object straggler = more.hasNext() ? more.next() : null;
    int n = 0;
    while (n < into.length && (i >= 0 || straggler != null)) {
      if (straggler != null && (i < 0 || order.compare(straggler, at(i)) > 0)) {
        into[n++] = straggler;
        straggler = more.hasNext() ? more.next() : null;
      } else {
        into[n++] = at(i--);
      }
    }
    return n;
  }

  /** The first position whose element is not below {@code probe} ({@code strictlyAbove}: above). */
  private int search(Object probe, boolean strictlyAbove) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = order.compare(at(mid), probe);
      if (c < 0 || strictlyAbove && c == 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private Object at(int i) {
    return chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)];
  }

  private void set(int i, Object e) {
    chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)] = e;
  }

  /** Makes position {@code size} writable: the first chunk grows by doubling, others come whole. */
  private void makeRoom() {
    int c = size >>> CHUNK_BITS;
    int offset = size & (CHUNK - 1);
    if (c == chunks.length) {
      chunks = Arrays.copyOf(chunks, 2 * c);
    }
    Object[] chunk = chunks[c];
    if (chunk == null) {
      chunks[c] = new Object[c == 0 ? FIRST_CHUNK : CHUNK];
    } else if (offset == chunk.length) {
      chunks[c] = Arrays.copyOf(chunk, 2 * chunk.length);
    }
  }
}
