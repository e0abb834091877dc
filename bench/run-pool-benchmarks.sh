#!/usr/bin/env bash
# Pool benchmarks: Cistern against HikariCP, Agroal, Vibur, DBCP2, Tomcat JDBC and c3p0 in the same
# run, on a stub JDBC driver (HikariCP's method). Builds the benchmark jar, runs, writes JMH JSON to
# bench/results/pool/, and renders docs/BENCHMARKS.md and docs/benchmarks-pool.svg.
#
#   bench/run-pool-benchmarks.sh          # short run: about 20 minutes on 2 cores
#   bench/run-pool-benchmarks.sh full     # full run: 3 forks, longer iterations (about an hour)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-short}
case "$mode" in
  # Three short forks rather than one longer one: on a 2-core machine whole forks land fast or
  # slow, so the fork count decides how far a ratio can be trusted (docs/POOL-PERFORMANCE.md).
  short) options=(-f 3 -wi 1 -w 2s -i 2 -r 1s) ;;
  full)  options=(-f 3 -wi 5 -w 2s -i 5 -r 2s) ;;
  *) echo "usage: $0 [short|full]" >&2; exit 2 ;;
esac

./mvnw -B -ntp -q -pl cistern-bench -am package -DskipTests
source bench/copy-benchmarks-jar.sh

out=bench/results/pool
rm -rf "$out"
mkdir -p "$out"
run() { # name, threads, benchmark regex, extra JMH args...
  local name=$1 threads=$2 regex=$3
  shift 3
  "${JAVA:-java}" -Dcistern.bench.results="$out" -jar "$copy" "$regex" "${options[@]}" -t "$threads" "$@" \
    -rf json -rff "$out/$name.json"
}

for t in 1 2 8 32; do
  run "connection-cycle-t$t" "$t" 'io.cistern.bench.pool.ConnectionCycleBenchmark'
done
for t in 1 8; do
  run "statement-cycle-t$t" "$t" 'io.cistern.bench.pool.StatementCycleBenchmark'
done
run saturation 32 'io.cistern.bench.pool.SaturationBenchmark'

# Virtual threads need JDK 21+: use the default java if it is one, else a newer JDK on the machine.
vt_java=""
for candidate in "${JAVA:-java}" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/java-21-openjdk-amd64/bin/java; do
  if [ -x "$(command -v "$candidate")" ] && [ "$("$candidate" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2}')" -ge 21 ]; then
    vt_java=$candidate
    break
  fi
done
if [ -n "$vt_java" ]; then
  JAVA=$vt_java run virtual-threads 1 'io.cistern.bench.pool.VirtualThreadBenchmark' -p hold=park
  JAVA=$vt_java run virtual-threads-cpu 1 'io.cistern.bench.pool.VirtualThreadBenchmark' -p hold=cpu
else
  echo "no JDK 21+ found: the virtual-thread benchmark is skipped" >&2
fi

{
  echo "command: bench/run-pool-benchmarks.sh $mode  (JMH ${options[*]})"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "jdk: $("${JAVA:-java}" -version 2>&1 | head -1)"
  [ -n "$vt_java" ] && echo "jdk (virtual threads): $("$vt_java" -version 2>&1 | head -1)"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/run.txt"
python3 bench/summarize-pool-results.py "$out" docs/BENCHMARKS.md docs/benchmarks-pool.svg
echo "wrote docs/BENCHMARKS.md and docs/benchmarks-pool.svg"
