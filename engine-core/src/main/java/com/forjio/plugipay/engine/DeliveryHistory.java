package com.forjio.plugipay.engine;

import com.forjio.plugipay.engine.event.Event;
import com.forjio.plugipay.engine.event.EventJson;
import com.forjio.plugipay.engine.event.WebhookDelivery;
import com.forjio.plugipay.engine.event.WebhookDelivery.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries of one webhook endpoint, bounded by count and by age, so that an engine running for
 * months keeps a window of its history, not all of it.
 *
 * <h2>What is kept</h2>
 * Deliveries sit in three maps by status, each in the order of its last change (an
 * insertion-ordered {@link LinkedHashMap} re-inserted on every change), so the oldest of each kind is
 * at its head and eviction never scans:
 * <ul>
 *   <li>by age: whatever was last attempted more than {@code maxAge} ago is dropped (a failed one is
 *       no longer replayable);
 *   <li>by count: while the endpoint holds more than {@code maxKept}, the oldest delivered one goes;
 *       when none is left, the oldest failed one (with a warning, it could have been replayed);
 *       deliveries still retrying are never dropped for room: their event is still in the outbox,
 *       which bounds them.
 * </ul>
 * A delivery being POSTed right now is never dropped. Each delivery keeps its last
 * {@link #ATTEMPTS_KEPT} attempts ({@code attempts} still counts all of them). Every change costs
 * O(1) amortized: each delivery enters a map once per change and leaves it once.
 *
 * <h2>What a dropped delivery means</h2>
 * The outbox dispatcher remembers which listeners (endpoints) already have an event until the event
 * is acknowledged, so a redelivery skips this endpoint whether its delivery is still here or not.
 * Only an event redelivered after the dispatcher forgot it too (see {@link OutboxDispatcher}) and
 * after its delivery was dropped here is POSTed again and recorded as new: webhooks are at least
 * once, and receivers deduplicate by event id.
 *
 * <p>Thread-safe: every method holds this object's monitor, briefly; the POST itself runs outside it,
 * between {@link #startSending} and {@link #finish}.
 */
final class DeliveryHistory {
  /** Attempts kept in one delivery's {@link WebhookDelivery#history()}. */
  static final int ATTEMPTS_KEPT = 20;
  private static final Logger LOG = LoggerFactory.getLogger("com.forjio.plugipay.engine.webhooks");

  private final String endpointId;
  private final int maxKept;
  private final Duration maxAge;
  private final LinkedHashMap<String, Delivery> retrying = new LinkedHashMap<>();
  private final LinkedHashMap<String, Delivery> delivered = new LinkedHashMap<>();
  private final LinkedHashMap<String, Delivery> failed = new LinkedHashMap<>();

  DeliveryHistory(String endpointId, int maxKept, Duration maxAge) {
    this.endpointId = endpointId;
    this.maxKept = maxKept;
    this.maxAge = maxAge;
  }

  /** One event on its way to one endpoint; {@code sending} and the maps are guarded by the history. */
  static final class Delivery {
    final byte[] body;
    volatile WebhookDelivery snapshot;
    boolean sending;

    Delivery(byte[] body, WebhookDelivery snapshot) {
      this.body = body;
      this.snapshot = snapshot;
    }
  }

  /** The delivery of {@code event}, created (retrying, no attempt yet) when this endpoint has none. */
  synchronized Delivery open(Event event, Instant now) {
    Delivery d = find(event.id());
    if (d == null) {
      d = new Delivery(EventJson.toJson(event), new WebhookDelivery(endpointId, event.id(), event.type(),
          Status.RETRYING, 0, null, null, now, List.of()));
      retrying.put(event.id(), d);
      evict(now);
    }
    return d;
  }

  /** The failed delivery of {@code eventId}, or null. */
  synchronized @Nullable Delivery failed(String eventId) {
    return failed.get(eventId);
  }

  /**
   * Claims {@code d} for one POST: true when it stands at {@code expected} and nobody is sending it
   * (two claims of one event, after a lapsed lease, must not POST twice).
   */
  synchronized boolean startSending(Delivery d, Status expected) {
    if (d.sending || d.snapshot.status() != expected || find(d.snapshot.eventId()) != d) {
      return false;
    }
    d.sending = true;
    return true;
  }

  /** Records the attempt made after {@link #startSending} and where the delivery now stands. */
  synchronized WebhookDelivery finish(Delivery d, WebhookDelivery.Attempt attempt, Status next) {
    WebhookDelivery was = d.snapshot;
    List<WebhookDelivery.Attempt> history = new ArrayList<>(ATTEMPTS_KEPT);
    List<WebhookDelivery.Attempt> previous = was.history();
    history.addAll(previous.subList(Math.max(0, previous.size() - (ATTEMPTS_KEPT - 1)), previous.size()));
    history.add(attempt);
    d.snapshot = new WebhookDelivery(endpointId, was.eventId(), was.eventType(), next, was.attempts() + 1,
        attempt.statusCode(), attempt.error(), attempt.at(), history);
    d.sending = false;
    if (mapOf(was.status()).remove(was.eventId(), d)) { // unless dropped meanwhile (aged out)
      mapOf(next).put(was.eventId(), d);
    }
    evict(attempt.at());
    return d.snapshot;
  }

  /**
   * Every delivery kept, oldest last attempt first (after dropping the aged ones); deliveries of one
   * status attempted at the same instant stay in the order they changed (a stable sort).
   */
  synchronized List<WebhookDelivery> all(Instant now) {
    evict(now);
    List<WebhookDelivery> out = new ArrayList<>(size());
    for (LinkedHashMap<String, Delivery> m : List.of(retrying, delivered, failed)) {
      m.values().forEach(d -> out.add(d.snapshot));
    }
    out.sort(Comparator.comparing(WebhookDelivery::lastAttemptAt));
    return out;
  }

  /** The failed deliveries kept, oldest first (after dropping the aged ones). */
  synchronized List<WebhookDelivery> failed(Instant now) {
    evict(now);
    List<WebhookDelivery> out = new ArrayList<>(failed.size());
    failed.values().forEach(d -> out.add(d.snapshot));
    return out;
  }

  synchronized int size() {
    return retrying.size() + delivered.size() + failed.size();
  }

  private @Nullable Delivery find(String eventId) {
    Delivery d = retrying.get(eventId);
    if (d == null) {
      d = delivered.get(eventId);
    }
    return d != null ? d : failed.get(eventId);
  }

  private LinkedHashMap<String, Delivery> mapOf(Status status) {
    return switch (status) {
      case RETRYING -> retrying;
      case DELIVERED -> delivered;
      case FAILED -> failed;
    };
  }

  /** Drops the aged, then the oldest finished beyond the count; O(1) per delivery dropped or kept. */
  private void evict(Instant now) {
    Instant cutoff = now.minus(maxAge);
    dropOlderThan(retrying, cutoff);
    dropOlderThan(delivered, cutoff);
    dropOlderThan(failed, cutoff);
    while (size() > maxKept) {
      if (!dropEldest(delivered) && !dropEldest(failed)) {
        return; // only deliveries still in the outbox are left
      }
    }
  }

  /** Each map is in the order of last attempt, so this stops at the first young (or in-flight) one. */
  private static void dropOlderThan(LinkedHashMap<String, Delivery> map, Instant cutoff) {
    Iterator<Delivery> oldestFirst = map.values().iterator();
    while (oldestFirst.hasNext()) {
      Delivery d = oldestFirst.next();
      if (d.sending || !d.snapshot.lastAttemptAt().isBefore(cutoff)) {
        return;
      }
      oldestFirst.remove();
    }
  }

  private boolean dropEldest(LinkedHashMap<String, Delivery> map) {
    Iterator<Delivery> oldestFirst = map.values().iterator();
    while (oldestFirst.hasNext()) {
      Delivery d = oldestFirst.next();
      if (!d.sending) {
        oldestFirst.remove();
        if (d.snapshot.status() == Status.FAILED) {
          LOG.warn("webhook endpoint {}: failed delivery of {} dropped to keep {} deliveries; it can no "
              + "longer be replayed", endpointId, d.snapshot.eventId(), maxKept);
        }
        return true;
      }
    }
    return false;
  }
}
