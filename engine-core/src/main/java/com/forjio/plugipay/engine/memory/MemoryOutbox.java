package com.forjio.plugipay.engine.memory;

import com.forjio.plugipay.engine.event.CheckoutSessionEvent;
import com.forjio.plugipay.engine.spi.OutboxClaim;
import com.forjio.plugipay.engine.spi.OutboxEntry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory outbox: one FIFO per session that has undelivered events. Only the head of a FIFO
 * can be claimed, which is what keeps delivery in order per session; a FIFO whose head waits for a
 * retry holds back only its own session.
 *
 * <p>A FIFO is removed when it empties. An appender that raced with that removal sees the FIFO
 * marked dead and installs a fresh one, so no event is appended to a FIFO nobody can reach.
 */
final class MemoryOutbox {

  private final ConcurrentHashMap<String, Fifo> fifos = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Fifo> fifoOfEvent = new ConcurrentHashMap<>();
  private final AtomicInteger pending = new AtomicInteger();

  void append(String sessionId, CheckoutSessionEvent event) {
    while (true) {
      Fifo fifo = fifos.computeIfAbsent(sessionId, Fifo::new);
      synchronized (fifo) {
        if (fifo.dead) {
          continue;
        }
        fifo.queue.add(new Pending(event));
        fifoOfEvent.put(event.id(), fifo);
        pending.incrementAndGet();
        return;
      }
    }
  }

  List<OutboxEntry> claim(OutboxClaim claim) {
    List<OutboxEntry> claimed = new ArrayList<>(Math.min(claim.limit(), 64));
    for (Fifo fifo : fifos.values()) {
      if (claimed.size() >= claim.limit()) {
        break;
      }
      synchronized (fifo) {
        Pending head = fifo.queue.peek();
        if (head == null || head.availableAt.isAfter(claim.now())) {
          continue;
        }
        if (head.leaseUntil != null && head.leaseUntil.isAfter(claim.now())) {
          continue;
        }
        head.leaseUntil = claim.leaseUntil();
        claimed.add(new OutboxEntry(head.event, head.attempts));
      }
    }
    return claimed;
  }

  void acknowledge(String eventId) {
    Fifo fifo = fifoOfEvent.get(eventId);
    if (fifo == null) {
      return;
    }
    synchronized (fifo) {
      Pending head = fifo.queue.peek();
      if (head == null || !head.event.id().equals(eventId)) {
        return; // already acknowledged, or not the head (never leased): nothing to do
      }
      fifo.queue.poll();
      fifoOfEvent.remove(eventId);
      pending.decrementAndGet();
      if (fifo.queue.isEmpty()) {
        fifo.dead = true;
        fifos.remove(fifo.sessionId, fifo);
      }
    }
  }

  void reschedule(String eventId, Instant availableAt) {
    Fifo fifo = fifoOfEvent.get(eventId);
    if (fifo == null) {
      return;
    }
    synchronized (fifo) {
      Pending head = fifo.queue.peek();
      if (head != null && head.event.id().equals(eventId)) {
        head.attempts++;
        head.availableAt = availableAt;
        head.leaseUntil = null;
      }
    }
  }

  int pendingCount() {
    return pending.get();
  }

  private static final class Fifo {
    final String sessionId;
    final ArrayDeque<Pending> queue = new ArrayDeque<>(2);
    boolean dead;

    Fifo(String sessionId) {
      this.sessionId = sessionId;
    }
  }

  private static final class Pending {
    final CheckoutSessionEvent event;
    int attempts;
    Instant availableAt = Instant.MIN;
    @Nullable Instant leaseUntil;

    Pending(CheckoutSessionEvent event) {
      this.event = event;
    }
  }
}
