/**
 * The project's one sampled clock, {@link io.cistern.clock.SampledClock}: the time as of at most
 * a few milliseconds ago for hot paths (the pool's idle ages, the cache's entry stamps), read
 * with one volatile load, advanced by one shared daemon thread that runs only while it is used.
 *
 * <p>It is not a general clock: not wall-clock time, not for timeouts or measured waits (those
 * read {@link System#nanoTime()}), and not a way to inject time in production (the cache takes a
 * ticker for that). Tests move it forward with {@code ClockDriver} from this module's test jar.
 */
package io.cistern.clock;
