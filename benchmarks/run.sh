#!/usr/bin/env bash
# Runs the JMH benchmarks and prints each beside its baseline (ratio, bytes/op).
#   benchmarks/run.sh          the short, CI-sized configuration (a smoke run: fails if a benchmark throws)
#   benchmarks/run.sh --full   the full configuration whose table benchmarks/README.md records
# Extra arguments go to JMH (e.g. a benchmark name regex). Results: benchmarks/target/jmh-*.json
set -euo pipefail
cd "$(dirname "$0")/.."
mode=short
if [ "${1:-}" = "--full" ]; then mode=full; shift; fi
./mvnw -q -B -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/jmh-$mode.json
if [ "$mode" = short ]; then
  java -jar "$jar" -f 1 -wi 1 -i 1 -w 1s -r 1s -foe true -p stored=10000 -prof gc \
    -rf json -rff "$out" "$@"
  java -cp "$jar" com.forjio.plugipay.engine.benchmarks.ResultsTable "$out"
elif [ $# -gt 0 ]; then
  java -jar "$jar" -f 1 -wi 10 -i 10 -w 1s -r 1s -foe true -prof gc -rf json -rff "$out" "$@"
  java -cp "$jar" com.forjio.plugipay.engine.benchmarks.ResultsTable "$out"
else
  # ConfirmBenchmark times single shots of 10,000 confirms, a few milliseconds each, whose spread
  # (a collection, a refinement thread) is wider than one-second iterations': it gets 30 measured
  # shots (the table shows the median) in a run of its own.
  java -jar "$jar" -f 1 -wi 10 -i 10 -w 1s -r 1s -foe true -prof gc -e '\.ConfirmBenchmark\.' \
    -rf json -rff "$out"
  java -jar "$jar" -f 3 -wi 10 -i 30 -foe true -prof gc '\.ConfirmBenchmark\.' \
    -rf json -rff "${out%.json}-confirm.json"
  java -cp "$jar" com.forjio.plugipay.engine.benchmarks.ResultsTable "$out" "${out%.json}-confirm.json"
fi
