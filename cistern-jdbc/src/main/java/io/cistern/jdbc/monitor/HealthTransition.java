package io.cistern.jdbc.monitor;

import java.time.Instant;

/**
 * A change of a pool's health.
 *
 * @param at when the sample that changed it was taken
 * @param from the health before
 * @param to the health after
 * @param reason what the sample showed
 */
public record HealthTransition(Instant at, PoolHealth from, PoolHealth to, String reason) {
}
