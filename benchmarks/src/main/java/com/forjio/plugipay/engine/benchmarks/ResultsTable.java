package com.forjio.plugipay.engine.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a JMH JSON result file as a table: each benchmark beside its baseline from the same run
 * (the method of the same class and parameters named {@code <name>_baseline}), the ratio of their
 * scores (time per operation: lower is better, so the ratio is how many times slower the engine is),
 * and the allocation per operation when {@code -prof gc} ran. Single-shot benchmarks time a batch of
 * operations per shot; their score and allocation are divided by the batch size, so every row is
 * per operation, and their score is the median shot, not the mean: with a dozen shots one that
 * holds a collection pause (or not) moves the mean of either side by more than the difference being
 * measured. The means are printed under the table, and then, for each benchmark run at several
 * store sizes (a {@code stored} or {@code rows} parameter), how its score grew from the smallest size
 * to the largest, beside its baseline's growth; and, where {@link HugePagesProfiler} ran, how much of a
 * huge-page fork's memory the kernel backed with 2 MB pages.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * com.forjio.plugipay.engine.benchmarks.ResultsTable results.json [more.json...]} (several files
 * make one table, in their order).
 */
public final class ResultsTable {
  private ResultsTable() {}

  /** One result; {@code mean} differs from {@code score} only for single-shot results (median). */
  record Row(String name, Map<String, String> paramMap, double score, double mean, String unit,
      Double bytesPerOp, boolean singleShot, Double anonymousMb, Double hugePagesMb) {
    /** The parameters as the table shows them: {@code {db=h2, stored=10000}}, or empty. */
    String params() {
      return paramMap.isEmpty() ? "" : paramMap.toString();
    }
  }

  /** The parameters that size a store: a row's growth is read across their values. */
  private static final List<String> SIZES = List.of("stored", "rows");

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: ResultsTable <jmh-result.json>...");
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    ArrayNode all = json.createArrayNode();
    for (String file : args) {
      all.addAll((ArrayNode) json.readTree(Path.of(file).toFile()));
    }
    System.out.print(render(all));
  }

  static String render(JsonNode results) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (JsonNode r : results) {
      String full = r.path("benchmark").asText();
      String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
      Map<String, String> params = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = r.path("params").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
      JsonNode m = r.path("primaryMetric");
      JsonNode secondary = r.path("secondaryMetrics");
      Double alloc = scoreOf(secondary, "gc.alloc.rate.norm");
      // a single-shot score (and its allocation) is per batch: show it per operation
      boolean singleShot = "ss".equals(r.path("mode").asText());
      double perOp = singleShot ? Math.max(1, r.path("measurementBatchSize").asInt(1)) : 1;
      String unit = m.path("scoreUnit").asText();
      double mean = m.path("score").asDouble() / perOp;
      JsonNode median = m.path("scorePercentiles").path("50.0");
      double score = singleShot && median.isNumber() ? median.asDouble() / perOp : mean;
      Row row = new Row(name, params, score, mean, unit, alloc == null ? null : alloc / perOp,
          singleShot,
          scoreOf(secondary, HugePagesProfiler.ANONYMOUS),
          scoreOf(secondary, HugePagesProfiler.HUGE_PAGES));
      rows.put(name + row.params(), row);
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-48s %-34s %14s %14s %9s %10s%n", "benchmark", "params",
        "score", "baseline", "ratio", "bytes/op"));
    StringBuilder means = new StringBuilder();
    for (Row row : rows.values()) {
      if (row.name.endsWith("_baseline")) {
        continue;
      }
      Row base = rows.get(row.name + "_baseline" + row.params());
      out.append(String.format(Locale.ROOT, "%-48s %-34s %14s %14s %9s %10s%n", row.name, row.params(),
          fmt(row.score, row.unit), base == null ? "-" : fmt(base.score, base.unit),
          base == null ? "-" : String.format(Locale.ROOT, "%.2fx", row.score / base.score),
          row.bytesPerOp == null ? "-" : String.format(Locale.ROOT, "%.0f", row.bytesPerOp)));
      if (row.singleShot) {
        means.append(String.format(Locale.ROOT, "%s%s: median shot %s, mean %s", row.name, row.params(),
            fmt(row.score, row.unit), fmt(row.mean, row.unit)));
        if (base != null) {
          means.append(String.format(Locale.ROOT, "; baseline median %s, mean %s; ratio of means %.2fx",
              fmt(base.score, base.unit), fmt(base.mean, base.unit), row.mean / base.mean));
        }
        means.append(String.format(Locale.ROOT, "%n"));
      }
      if (base != null) {
        out.append(String.format(Locale.ROOT, "%-48s %-34s %14s %14s %9s %10s%n", "  " + base.name, "",
            fmt(base.score, base.unit), "", "",
            base.bytesPerOp == null ? "-" : String.format(Locale.ROOT, "%.0f", base.bytesPerOp)));
      }
    }
    if (means.length() > 0) {
      out.append(String.format(Locale.ROOT, "%nsingle-shot rows are the median shot; the means:%n"))
          .append(means);
    }
    appendGrowth(rows, out);
    appendHugePages(rows, out);
    return out.toString();
  }

  /** Each benchmark run at several store sizes: its score at the largest over that at the smallest. */
  private static void appendGrowth(Map<String, Row> rows, StringBuilder out) {
    Map<String, TreeMap<Long, Row>> bySize = new LinkedHashMap<>();
    Map<String, String> sizeNames = new LinkedHashMap<>();
    for (Row row : rows.values()) {
      if (row.name.endsWith("_baseline")) {
        continue;
      }
      for (String size : SIZES) {
        String value = row.paramMap.get(size);
        if (value == null) {
          continue;
        }
        Map<String, String> rest = new TreeMap<>(row.paramMap);
        rest.remove(size);
        String group = row.name + (rest.isEmpty() ? "" : rest.toString());
        try {
          bySize.computeIfAbsent(group, g -> new TreeMap<>()).put(Long.parseLong(value), row);
          sizeNames.put(group, size);
        } catch (NumberFormatException e) {
          // not a number: no growth to read
        }
      }
    }
    StringBuilder growth = new StringBuilder();
    bySize.forEach((group, sizes) -> {
      if (sizes.size() < 2) {
        return;
      }
      Row small = sizes.firstEntry().getValue();
      Row large = sizes.lastEntry().getValue();
      growth.append(String.format(Locale.ROOT, "%s: %s %d -> %d: %.2fx", group, sizeNames.get(group),
          sizes.firstKey(), sizes.lastKey(), large.score / small.score));
      Row smallBase = rows.get(small.name + "_baseline" + small.params());
      Row largeBase = rows.get(large.name + "_baseline" + large.params());
      if (smallBase != null && largeBase != null) {
        growth.append(String.format(Locale.ROOT, " (baseline %.2fx)", largeBase.score / smallBase.score));
      }
      growth.append(String.format(Locale.ROOT, "%n"));
    });
    if (growth.length() > 0) {
      out.append(String.format(Locale.ROOT,
          "%ngrowth with the store (score at the largest size / at the smallest):%n")).append(growth);
    }
  }

  /** For forks meant to run on 2 MB pages (or that did), how much of their memory got them. */
  private static void appendHugePages(Map<String, Row> rows, StringBuilder out) {
    StringBuilder pages = new StringBuilder();
    for (Row row : rows.values()) {
      if (row.hugePagesMb == null || row.anonymousMb == null || row.anonymousMb <= 0
          || !(row.name.contains("HugePages") || row.hugePagesMb >= 2)) {
        continue;
      }
      pages.append(String.format(Locale.ROOT, "%s%s: %.0f of %.0f MB (%.0f %%)%n", row.name,
          row.params(), row.hugePagesMb, row.anonymousMb, 100 * row.hugePagesMb / row.anonymousMb));
    }
    if (pages.length() > 0) {
      out.append(String.format(Locale.ROOT, "%nanonymous memory on 2 MB pages"
          + " (after the last measured iteration; the largest of the forks):%n")).append(pages);
    }
  }

  /** A secondary metric's score, under its name or (older JMH) the name with a leading dot; or null. */
  private static Double scoreOf(JsonNode secondary, String metric) {
    JsonNode m = secondary.has(metric) ? secondary.path(metric) : secondary.path("\u00b7" + metric);
    return m.isMissingNode() ? null : m.path("score").asDouble();
  }

  private static String fmt(double score, String unit) {
    return String.format(Locale.ROOT, "%.3f %s", score, unit);
  }
}
