#!/usr/bin/env bash
# Runs the cache throughput benchmarks at 1, 2 and 4 threads and writes one JMH JSON file per thread
# count to $CACHE_BENCH_OUT (default bench/results/cache), then prints the Markdown summary.
# Build first: ./mvnw -B -ntp -pl cistern-clock,cistern-cache,cistern-bench package -DskipTests
# Extra arguments go to JMH; the default is the short run the committed results were made with.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/copy-benchmarks-jar.sh

out=${CACHE_BENCH_OUT:-bench/results/cache}
mkdir -p "$out"
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(-f 1 -wi 2 -w 1s -i 3 -r 1s)

for threads in 1 2 4; do
  java -jar "$copy" 'io.cistern.bench.cache.CacheThroughputBenchmark' "${options[@]}" -t "$threads" \
    -rf json -rff "$out/cache-throughput-t$threads.json"
done
python3 bench/summarize-cache-results.py "$out"/cache-throughput-t{1,2,4}.json
