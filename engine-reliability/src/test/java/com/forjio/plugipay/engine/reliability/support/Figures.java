package com.forjio.plugipay.engine.reliability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one scenario run, printed and appended as one JSON line to
 * {@code target/reliability/<file>.txt}, so that a run's numbers can be copied into
 * {@code RELIABILITY.md}. Insertion order is kept; values are numbers, booleans or strings.
 */
public final class Figures {
  private final String file;
  private final Map<String, Object> values = new LinkedHashMap<>();

  /** Figures for {@code scenario}, written to {@code target/reliability/<file>.txt}. */
  public Figures(String file, String scenario) {
    this.file = file;
    values.put("scenario", scenario);
    values.put("at", Instant.now().toString());
  }

  /** Sets one figure (replacing an earlier value of the same name). */
  public synchronized Figures put(String name, Object value) {
    values.put(name, value);
    return this;
  }

  /** Adds {@code delta} to a numeric figure, starting from zero. */
  public synchronized Figures add(String name, long delta) {
    values.merge(name, delta, (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
    return this;
  }

  /** The current value of a numeric figure, 0 when unset. */
  public synchronized long get(String name) {
    Object v = values.get(name);
    return v instanceof Number n ? n.longValue() : 0;
  }

  /** Prints the figures and appends them as a JSON line to the scenario's file. */
  public synchronized void write() {
    String line = json();
    System.out.println("[reliability] " + line);
    try {
      Path dir = Path.of("target", "reliability");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(file + ".txt"), line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String json() {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(quote(e.getKey())).append(": ");
      Object v = e.getValue();
      b.append(v instanceof Number || v instanceof Boolean ? v.toString() : quote(String.valueOf(v)));
    }
    return b.append('}').toString();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
