package io.cistern.jdbc.monitor;

import io.cistern.pool.PoolStats;
import java.time.Instant;

/**
 * One sample of the history.
 *
 * @param at when it was taken
 * @param stats the pool's statistics then
 * @param health the health the rule gave it
 * @param reason why, in words ({@code "healthy"} when nothing is wrong)
 */
public record PoolSample(Instant at, PoolStats stats, PoolHealth health, String reason) {
}
