package io.cistern.app;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latencies per operation for one agent thread (HdrHistogram is not thread-safe; each thread has
 * its own and the demo merges them at the end), plus failures.
 */
final class OperationTimes {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final Map<String, Histogram> byOperation = new TreeMap<>();
    private final Map<String, Long> failures = new TreeMap<>();
    private String firstFailure;

    void record(String operation, long nanos) {
        byOperation.computeIfAbsent(operation, k -> new Histogram(MAX_MICROS, 3))
                .recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1000)));
    }

    void failed(String operation, Throwable error) {
        failures.merge(operation, 1L, Long::sum);
        if (firstFailure == null) {
            firstFailure = operation + ": " + error;
        }
    }

    void addTo(OperationTimes total) {
        byOperation.forEach((op, h) -> total.byOperation.computeIfAbsent(op, k -> new Histogram(MAX_MICROS, 3)).add(h));
        failures.forEach((op, n) -> total.failures.merge(op, n, Long::sum));
        if (total.firstFailure == null) {
            total.firstFailure = firstFailure;
        }
    }

    Map<String, Histogram> histograms() {
        return byOperation;
    }

    Map<String, Long> failures() {
        return failures;
    }

    String firstFailure() {
        return firstFailure;
    }

    long operations() {
        return byOperation.values().stream().mapToLong(Histogram::getTotalCount).sum();
    }
}
