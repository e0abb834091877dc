package io.cistern.jdbc;

/** Finds out whether Micrometer is present without loading any of its classes when it is not. */
final class MicrometerSupport {
    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private MicrometerSupport() {
    }

    static boolean isMeterRegistry(Object candidate) {
        try {
            return Class.forName(METER_REGISTRY, false, candidate.getClass().getClassLoader()).isInstance(candidate);
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
