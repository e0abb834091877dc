package io.cistern.pool.config;

/**
 * The one message of a bad setting in Cistern's configuration classes:
 * {@code "name = value is not allowed; allowed: what is"}, for example
 * {@code "maxSize = 0 is not allowed; allowed: 1 to 100000"}.
 *
 * <p><b>Internal.</b> Public only so that the builders of every module (cistern-pool,
 * cistern-jdbc, cistern-sqlite, cistern-routing, cistern-memory, cistern-server) can share it;
 * it is not part of Cistern's API and may change or move in any release. Applications should
 * rely on the exception type ({@link IllegalArgumentException}), not on this class.
 *
 * <p>Why this idiom (validate every setting together in {@code build()}, fail with this message)
 * rather than the cache's set-once builder with "maximumSize must be 0 or more, was -5":
 * <ul>
 *   <li>it names the setting as the user wrote it ({@code key = value}, the shape of a
 *       properties file, Spring's YAML or a HikariCP file), the bad value, and what would have
 *       been accepted, in the same order in every module, so one error reads like the next;</li>
 *   <li>a rule that ties two settings together ({@code minIdle} at most {@code maxSize},
 *       {@code idleTimeout} below {@code maxLifetime}) can only be checked once both are known,
 *       that is in {@code build()}, and it says so in the same sentence
 *       ({@code "allowed: 0 to maxSize (5)"});</li>
 *   <li>it was already the idiom of every configuration class but the cache's, and their tests
 *       assert these exact messages, so choosing it changed no message.</li>
 * </ul>
 * cistern-cache depends on no other Cistern module and keeps its set-once builder and its
 * messages for now: its tests assert both (a second {@code maximumSize(..)} call is refused), so
 * moving it to this idiom changes behaviour and is left to a release that may.
 */
public final class NotAllowed {
    private NotAllowed() {
    }

    /**
     * @param name the setting as the user names it, with any prefix that places it
     *        ({@code "PoolConfig.maxSize"}, {@code "retry maxAttempts"})
     * @param value the rejected value as it should be shown (quoted, masked or described by the
     *        caller where the raw value would mislead or leak a secret)
     * @param allowed what would have been accepted, in words
     * @return the exception to throw
     */
    public static IllegalArgumentException setting(String name, Object value, String allowed) {
        return new IllegalArgumentException(name + " = " + value + " is not allowed; allowed: " + allowed);
    }
}
