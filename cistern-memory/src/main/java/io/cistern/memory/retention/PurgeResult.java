package io.cistern.memory.retention;

import java.time.Duration;

/**
 * What one housekeeping run deleted.
 *
 * @param turns expired turns deleted
 * @param sessions expired sessions deleted (no turns left and no activity within their time to live)
 * @param transactions write transactions it took, each at most one batch
 * @param longestTransaction the longest of them, the longest a writer could have waited for it
 */
public record PurgeResult(long turns, long sessions, int transactions, Duration longestTransaction) {
}
