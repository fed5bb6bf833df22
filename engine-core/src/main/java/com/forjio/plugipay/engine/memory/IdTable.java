package com.forjio.plugipay.engine.memory;

import org.jspecify.annotations.Nullable;

/**
 * A map from string ids to values that allocates only when it grows: open addressing with linear
 * probing and backward-shift deletion (no tombstones), at most half full. Not thread-safe; the
 * owner guards it. Used where entries come and go at a high rate but few live at once, such as
 * leased outbox events, so that leasing and acknowledging an event costs no garbage.
 *
 * @param <V> the values
 */
final class IdTable<V> {
  /** Always a power of two, so a hash masks to a position. */
  private String[] ids = new String[64];
  private @Nullable Object[] values = new Object[64];
  private int size;

  int size() {
    return size;
  }

  /** The number of positions, for a scan with {@link #valueAt}. */
  int capacity() {
    return ids.length;
  }

  /** The value at a position, or null where there is none. */
  @SuppressWarnings("unchecked")
  @Nullable V valueAt(int position) {
    return (V) values[position];
  }

  @SuppressWarnings("unchecked")
  @Nullable V get(String id) {
    int mask = ids.length - 1;
    for (int i = id.hashCode() & mask; ids[i] != null; i = (i + 1) & mask) {
      if (ids[i].equals(id)) {
        return (V) values[i];
      }
    }
    return null;
  }

  void put(String id, V value) {
    if ((size + 1) * 2 > ids.length) {
      grow();
    }
    int mask = ids.length - 1;
    int i = id.hashCode() & mask;
    while (ids[i] != null) {
      if (ids[i].equals(id)) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    ids[i] = id;
    values[i] = value;
    size++;
  }

  /** Removes the id's entry, if there is one. */
  void remove(String id) {
    int mask = ids.length - 1;
    int i = id.hashCode() & mask;
    while (ids[i] != null && !ids[i].equals(id)) {
      i = (i + 1) & mask;
    }
    if (ids[i] == null) {
      return;
    }
    size--;
    // Close the hole: move back each later entry of the run whose home is not between the hole
    // and it (cyclically), or a lookup for it would stop at the hole.
    int hole = i;
    for (int j = (i + 1) & mask; ids[j] != null; j = (j + 1) & mask) {
      int home = ids[j].hashCode() & mask;
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        ids[hole] = ids[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    ids[hole] = null;
    values[hole] = null;
  }

  @SuppressWarnings("unchecked")
  private void grow() {
    String[] oldIds = ids;
    Object[] oldValues = values;
    ids = new String[oldIds.length * 2];
    values = new Object[oldIds.length * 2];
    size = 0;
    for (int i = 0; i < oldIds.length; i++) {
      if (oldIds[i] != null) {
        put(oldIds[i], (V) oldValues[i]);
      }
    }
  }

  @Override
  public String toString() {
    return "IdTable[size=" + size + ", capacity=" + ids.length + "]";
  }
}
