# Sourced by the bench scripts, from the repository root: copies the benchmark jar to a temporary
# file removed on exit and sets $copy to it, so that rebuilding while the benchmarks run cannot
# change them under JMH's feet.
jar=cistern-bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "no $jar: build it first: ./mvnw -B -ntp -pl cistern-bench -am package -DskipTests" >&2; exit 1; }
copy=$(mktemp --suffix=.jar)
trap 'rm -f "$copy"' EXIT
cp "$jar" "$copy"
