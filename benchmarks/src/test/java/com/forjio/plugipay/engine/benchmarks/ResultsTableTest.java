package com.forjio.plugipay.engine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The table the README records: rows beside their baselines, per operation, single shots by median. */
class ResultsTableTest {
  private static final String RESULTS = """
      [
        {"benchmark": "x.ConfirmBenchmark.confirm", "mode": "ss", "measurementBatchSize": 10,
         "params": {},
         "primaryMetric": {"score": 40.0, "scoreUnit": "us/op",
           "scorePercentiles": {"0.0": 10.0, "50.0": 20.0, "100.0": 100.0}},
         "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 3000.0}}},
        {"benchmark": "x.ConfirmBenchmark.confirm_baseline", "mode": "ss", "measurementBatchSize": 10,
         "params": {},
         "primaryMetric": {"score": 10.0, "scoreUnit": "us/op",
           "scorePercentiles": {"0.0": 9.0, "50.0": 10.0, "100.0": 11.0}},
         "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 1000.0}}},
        {"benchmark": "x.SqlBenchmark.create", "mode": "avgt", "params": {"db": "h2"},
         "primaryMetric": {"score": 30.0, "scoreUnit": "us/op",
           "scorePercentiles": {"50.0": 1.0}},
         "secondaryMetrics": {}},
        {"benchmark": "x.SqlBenchmark.create_baseline", "mode": "avgt", "params": {"db": "h2"},
         "primaryMetric": {"score": 24.0, "scoreUnit": "us/op"},
         "secondaryMetrics": {}}
      ]
      """;

  @Test
  void singleShotRowsArePerOperationByTheMedianShotWithTheirMeansBelow() throws Exception {
    JsonNode json = new ObjectMapper().readTree(RESULTS);
    String table = ResultsTable.render(json);
    assertThat(table).containsPattern(
        "ConfirmBenchmark\\.confirm\\s+2\\.000 us/op\\s+1\\.000 us/op\\s+2\\.00x\\s+300\\n");
    assertThat(table).containsPattern("  ConfirmBenchmark\\.confirm_baseline\\s+1\\.000 us/op\\s+100\\n");
    assertThat(table).contains("ConfirmBenchmark.confirm: median shot 2.000 us/op, mean 4.000 us/op;"
        + " baseline median 1.000 us/op, mean 1.000 us/op; ratio of means 4.00x");
  }

  @Test
  void averageTimeRowsUseTheMeanAndHaveNoNote() throws Exception {
    String table = ResultsTable.render(new ObjectMapper().readTree(RESULTS));
    assertThat(table).containsPattern(
        "SqlBenchmark\\.create\\s+\\{db=h2\\}\\s+30\\.000 us/op\\s+24\\.000 us/op\\s+1\\.25x\\s+-\\n");
    assertThat(table).doesNotContain("SqlBenchmark.create{db=h2}: median");
  }
}
