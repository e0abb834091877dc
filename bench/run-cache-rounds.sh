#!/usr/bin/env bash
# Compares a few caches in interleaved rounds: every round runs one fork of each cache, for every
# read share, at 1, 2 and 4 threads, with the order of the caches rotated from round to round. A
# burst of load on the machine then hits every cache alike, which one long run per cache cannot
# promise on a shared 2-core machine. Writes one JMH JSON file per round, cache and thread count to
# $CACHE_BENCH_OUT (default bench/results/cache/rounds) and prints the summary over all forks.
#
#   ROUNDS=8 CACHES=WINDOW_TINY_LFU,CAFFEINE_WITH_STATS,CAFFEINE bench/run-cache-rounds.sh
#
# Build first: ./mvnw -B -ntp -pl cistern-bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/copy-benchmarks-jar.sh

out=${CACHE_BENCH_OUT:-bench/results/cache/rounds}
rounds=${ROUNDS:-6}
IFS=, read -r -a caches <<< "${CACHES:-WINDOW_TINY_LFU,CAFFEINE_WRITE_STAMP,CAFFEINE_WITH_STATS,CAFFEINE}"
mkdir -p "$out"

for ((round = 1; round <= rounds; round++)); do
  for ((k = 0; k < ${#caches[@]}; k++)); do
    cache=${caches[$(((k + round) % ${#caches[@]}))]}
    for threads in 1 2 4; do
      java -jar "$copy" 'io.cistern.bench.cache.CacheThroughputBenchmark' -p "cache=$cache" \
        -f 1 -wi 1 -w 1s -i 2 -r 1s -t "$threads" \
        -rf json -rff "$out/round$round-$cache-t$threads.json" > /dev/null
    done
  done
  echo "round $round of $rounds done" >&2
done
python3 bench/summarize-cache-results.py --forks "$out"/round*.json
