package com.forjio.plugipay.engine.reliability.support;

import com.forjio.plugipay.engine.CheckoutMethod;
import com.forjio.plugipay.engine.CheckoutSessionCreateParams;
import com.forjio.plugipay.engine.CheckoutSessionStatus;
import com.forjio.plugipay.engine.Currency;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine acknowledged: creates (key to session id) and transitions (session id to the
 * status a returned cancel or confirm reported). An operation is entered only after its call
 * returned. A ledger can also be appended to a file, one line per operation written with one
 * unbuffered {@code write}, so that a process killed with {@code kill -9} leaves every entry it made
 * readable (a torn last line is ignored when the file is read back).
 */
public final class Ledger {
  private final Map<String, String> created = new ConcurrentHashMap<>();
  private final Map<String, CheckoutSessionStatus> transitioned = new ConcurrentHashMap<>();
  private final FileOutputStream out;

  /** An in-memory ledger. */
  public Ledger() {
    this.out = null;
  }

  private Ledger(FileOutputStream out) {
    this.out = out;
  }

  /** A ledger that also appends every entry to {@code file}. */
  public static Ledger appendingTo(Path file) {
    try {
      return new Ledger(new FileOutputStream(file.toFile(), true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ledger a killed process left in {@code file}. */
  public static Ledger read(Path file) {
    Ledger l = new Ledger();
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      if (end < 0) {
        return l;
      }
      for (String line : text.substring(0, end).split("\n")) {
        String[] p = line.split(" ");
        if (p.length == 3 && p[0].equals("C")) {
          l.created.put(p[1], p[2]);
        } else if (p.length == 3 && p[0].equals("T")) {
          l.transitioned.put(p[1], CheckoutSessionStatus.fromWireName(p[2]));
        } else {
          throw new IllegalStateException("unreadable ledger line: " + line);
        }
      }
      return l;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parameters every load uses for key {@code key}: the key is in the metadata. */
  public static CheckoutSessionCreateParams params(String key) {
    return CheckoutSessionCreateParams.builder().amount(10_000 + Math.floorMod(key.hashCode(), 90_000))
        .currency(Currency.IDR).methods(CheckoutMethod.VA, CheckoutMethod.QRIS)
        .successUrl("https://shop.example/ok").cancelUrl("https://shop.example/no")
        .metadata(Map.of("k", key)).build();
  }

  /** Records an acknowledged create. */
  public void created(String key, String sessionId) {
    created.put(key, sessionId);
    append("C " + key + " " + sessionId + "\n");
  }

  /** Records an acknowledged transition to {@code status}. */
  public void transitioned(String sessionId, CheckoutSessionStatus status) {
    transitioned.put(sessionId, status);
    append("T " + sessionId + " " + status.wireName() + "\n");
  }

  /** Acknowledged creates: key to session id. */
  public Map<String, String> creates() {
    return created;
  }

  /** Acknowledged transitions: session id to status. */
  public Map<String, CheckoutSessionStatus> transitions() {
    return transitioned;
  }

  /** Acknowledged operations in all. */
  public int size() {
    return created.size() + transitioned.size();
  }

  private void append(String line) {
    if (out == null) {
      return;
    }
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      try {
        out.write(bytes); // one write(2) per line, unbuffered: in the kernel once it returns
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
