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
else
  java -jar "$jar" -f 1 -wi 10 -i 10 -w 1s -r 1s -foe true -prof gc -rf json -rff "$out" "$@"
fi
java -cp "$jar" com.forjio.plugipay.engine.benchmarks.ResultsTable "$out"
