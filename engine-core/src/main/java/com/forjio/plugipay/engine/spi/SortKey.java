package com.forjio.plugipay.engine.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A position in the list order of sessions: {@code (createdAt, id)}, unique because ids are.
 *
 * @param createdAt the session's creation time
 * @param id the session's id (tie-breaker)
 */
public record SortKey(Instant createdAt, String id) implements Comparable<SortKey> {
  /** Checks that nothing is missing. */
  public SortKey {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(id, "id");
  }

  @Override
  public int compareTo(SortKey o) {
    int c = createdAt.compareTo(o.createdAt);
    return c != 0 ? c : id.compareTo(o.id);
  }
}
