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

  private static final String SCALING = """
      [
        {"benchmark": "x.ScalingHugePagesBenchmark.get", "mode": "avgt", "params": {"stored": "10000"},
         "primaryMetric": {"score": 100.0, "scoreUnit": "ns/op"},
         "secondaryMetrics": {"thp.anonymous": {"score": 6000.0}, "thp.hugePages": {"score": 4500.0}}},
        {"benchmark": "x.ScalingHugePagesBenchmark.get_baseline", "mode": "avgt",
         "params": {"stored": "10000"}, "primaryMetric": {"score": 10.0, "scoreUnit": "ns/op"},
         "secondaryMetrics": {}},
        {"benchmark": "x.ScalingHugePagesBenchmark.get", "mode": "avgt", "params": {"stored": "1000000"},
         "primaryMetric": {"score": 250.0, "scoreUnit": "ns/op"},
         "secondaryMetrics": {"thp.anonymous": {"score": 6000.0}, "thp.hugePages": {"score": 0.0}}},
        {"benchmark": "x.ScalingHugePagesBenchmark.get_baseline", "mode": "avgt",
         "params": {"stored": "1000000"}, "primaryMetric": {"score": 30.0, "scoreUnit": "ns/op"},
         "secondaryMetrics": {}},
        {"benchmark": "x.SweepBenchmark.sweep", "mode": "avgt", "params": {"due": "100", "stored": "10000"},
         "primaryMetric": {"score": 2.0, "scoreUnit": "us/op"}, "secondaryMetrics": {}},
        {"benchmark": "x.SweepBenchmark.sweep", "mode": "avgt", "params": {"due": "100", "stored": "100000"},
         "primaryMetric": {"score": 3.0, "scoreUnit": "us/op"}, "secondaryMetrics": {}},
        {"benchmark": "x.SweepBenchmark.sweep", "mode": "avgt", "params": {"due": "1000", "stored": "10000"},
         "primaryMetric": {"score": 20.0, "scoreUnit": "us/op"}, "secondaryMetrics": {}},
        {"benchmark": "x.InMemoryBenchmark.get", "mode": "avgt", "params": {},
         "primaryMetric": {"score": 40.0, "scoreUnit": "ns/op"},
         "secondaryMetrics": {"thp.anonymous": {"score": 6000.0}, "thp.hugePages": {"score": 0.0}}}
      ]
      """;

  @Test
  void growthWithTheStoreIsReadFromTheSmallestToTheLargestSizeBesideTheBaselines() throws Exception {
    String table = ResultsTable.render(new ObjectMapper().readTree(SCALING));
    assertThat(table).contains(
        "ScalingHugePagesBenchmark.get: stored 10000 -> 1000000: 2.50x (baseline 3.00x)\n");
    // the other parameters stay apart; one size alone has no growth
    assertThat(table).contains("SweepBenchmark.sweep{due=100}: stored 10000 -> 100000: 1.50x\n");
    assertThat(table).doesNotContain("SweepBenchmark.sweep{due=1000}:");
  }

  @Test
  void hugePageForksSayHowMuchOfTheirMemoryGotTwoMegabytePages() throws Exception {
    String table = ResultsTable.render(new ObjectMapper().readTree(SCALING));
    assertThat(table).contains("ScalingHugePagesBenchmark.get{stored=10000}: 4500 of 6000 MB (75 %)\n");
    assertThat(table).contains("ScalingHugePagesBenchmark.get{stored=1000000}: 0 of 6000 MB (0 %)\n");
    // a fork on 4 KB pages that got none is not listed
    assertThat(table).doesNotContain("InMemoryBenchmark.get: ");
  }
}
