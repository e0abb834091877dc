package io.cistern.memory.store;

import java.time.Instant;

/**
 * An entry of the {@link OperationLog}.
 *
 * @param id the entry's id, increasing in the order operations were recorded
 * @param namespace the agent namespace
 * @param agentId the agent that ran it
 * @param sessionId the session it wrote to, or null
 * @param operation what it did ({@code append_prompt}...)
 * @param status where it stands
 * @param contentHash SHA-256 of what it wrote, hex
 * @param recordedAt when it was recorded
 * @param finishedAt when it committed or aborted, null while recorded
 * @param detail a note: what it wrote, or why it aborted
 */
public record LoggedOperation(long id, String namespace, String agentId, String sessionId, String operation,
                              OperationStatus status, String contentHash, Instant recordedAt, Instant finishedAt,
                              String detail) {
}
