package com.forjio.plugipay.engine;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list, as the Plugipay SDKs return it: {@code {data, cursor, hasMore}}.
 *
 * @param data the items of this page, in the requested order
 * @param cursor pass to the next list call to continue; null when there is no next page
 * @param hasMore true when another page follows (then {@code cursor} is not null)
 * @param <T> the item type
 */
public record Page<T>(List<T> data, @Nullable String cursor, boolean hasMore) {
  /** Takes an immutable copy of {@code data}. */
  public Page {
    data = List.copyOf(data);
  }
}
