#!/usr/bin/env bash
# Full-text search latency at growing store sizes and bulk write throughput with the index on and
# off (io.cistern.bench.memory.SearchBenchmark), SQLite then PostgreSQL; then the writer stall
# while the retention housekeeping purges 100k expired turns. Results in bench/results/search/.
# Usage: bench/run-search-benchmarks.sh [sqlite sizes] [postgresql sizes] [purge turns]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
SQLITE_SIZES="${1:-10000,100000,1000000}"
PG_SIZES="${2:-10000,100000,1000000}"
PURGE="${3:-100000}"
[ -f cistern-bench/target/benchmarks.jar ] || ./mvnw -q -B -ntp -pl cistern-bench -am package -DskipTests
out=bench/results/search
for run in "sqlite $SQLITE_SIZES" "postgresql $PG_SIZES"; do
  set -- $run
  file="$out/search-$1.txt"
  { echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD); uptime before: $(uptime)"
    "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx2g -cp cistern-bench/target/benchmarks.jar \
        io.cistern.bench.memory.SearchBenchmark --db "$1" --sizes "$2" --queries 2000 --write-turns 48000 --write-rounds 3
    echo "# uptime after: $(uptime)"; } 2>&1 | grep -v '^WARNING' | tee "$file"
done
{ echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD); uptime before: $(uptime)"
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx2g -cp cistern-bench/target/benchmarks.jar \
      io.cistern.bench.memory.SearchBenchmark --db sqlite,postgresql --sizes "" --write-rounds 0 --purge "$PURGE"
  echo "# uptime after: $(uptime)"; } 2>&1 | grep -v '^WARNING' | tee "$out/purge.txt"
