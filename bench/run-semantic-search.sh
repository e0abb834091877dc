#!/usr/bin/env bash
# Semantic search latency p50/p99 at 10k, 100k and 1M stored turns (384 dimensions), SQLite and
# PostgreSQL; results under bench/results/search/. See docs/SEARCH.md, "Semantic search".
#   bench/run-semantic-search.sh [sqlite|postgresql ...]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f cistern-bench/target/benchmarks.jar ] || ./mvnw -q -B -ntp -pl cistern-bench -am package -DskipTests
mkdir -p bench/results/search
for db in "${@:-sqlite postgresql}"; do
  for d in $db; do
    out=bench/results/search/semantic-$d.txt
    { echo "# $(date -u +%FT%TZ) $(uptime)"
      echo "# java --add-modules jdk.incubator.vector -cp cistern-bench/target/benchmarks.jar io.cistern.bench.semantic.SemanticSearchLatency --db $d --sizes ${SIZES:-10000,100000,1000000} --queries ${QUERIES:-200} --seconds ${SECONDS_PER_NAMESPACE:-60}"
      java -Xmx4g --add-modules jdk.incubator.vector -cp cistern-bench/target/benchmarks.jar \
          io.cistern.bench.semantic.SemanticSearchLatency --db "$d" --sizes "${SIZES:-10000,100000,1000000}" \
          --queries "${QUERIES:-200}" --seconds "${SECONDS_PER_NAMESPACE:-60}" 2>&1 | grep --line-buffered -v "^WARNING: Using incubator"
      echo "# end $(date -u +%FT%TZ) $(uptime)"; } | tee "$out"
  done
done
