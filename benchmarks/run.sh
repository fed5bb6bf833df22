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
  thp=com.forjio.plugipay.engine.benchmarks.HugePagesProfiler
  # Single shots spread wider than one-second iterations (a collection, a refinement thread, where
  # a fork's memory landed), so they get runs of their own with three forks; the table shows each
  # by its median shot. ConfirmBenchmark times shots of 10,000 confirms and gets 30 measured shots
  # a fork; the scaling create and confirm time shots of 250 calls, 10 a fork (more would grow the
  # small store, or use up its sessions).
  scaling_shots='\.Scaling(HugePages)?Benchmark\.(create|confirm)(_baseline)?$'
  # HugePagesProfiler comes before gc: profilers stop in reverse order, so gc has stopped counting
  # before it reads the kernel's file (which allocates, and would count in bytes/op otherwise)
  java -jar "$jar" -f 1 -wi 10 -i 10 -w 1s -r 1s -foe true -prof "$thp" -prof gc \
    -e '\.ConfirmBenchmark\.' -e "$scaling_shots" -rf json -rff "$out"
  java -jar "$jar" -f 3 -foe true -prof "$thp" -prof gc "$scaling_shots" \
    -rf json -rff "${out%.json}-scaling.json"
  java -jar "$jar" -f 3 -wi 10 -i 30 -foe true -prof gc '\.ConfirmBenchmark\.' \
    -rf json -rff "${out%.json}-confirm.json"
  java -cp "$jar" com.forjio.plugipay.engine.benchmarks.ResultsTable "$out" \
    "${out%.json}-scaling.json" "${out%.json}-confirm.json"
fi
