package io.cistern.memory.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An agent that handles prompts.
 *
 * @param id the agent id
 * @param createdAt creation time
 * @param name its name
 * @param role its role ({@code planner}, {@code coder}...)
 * @param capabilities what it can do
 * @param model the model it runs on
 * @param status its current status
 * @param config free-form configuration
 * @param metrics running figures (prompts handled, mean latency...)
 */
public record Agent(String id, Instant createdAt, String name, String role, List<String> capabilities, String model,
                    Status status, Map<String, String> config, Map<String, Double> metrics) implements Node {

    /** What an agent is doing. */
    public enum Status { IDLE, BUSY, PAUSED, FAILED, TERMINATED }

    /** Checks and normalises the fields. */
    public Agent {
        Ids.require(id, "agent id");
        createdAt = Ids.time(createdAt, "createdAt");
        Ids.require(name, "agent name");
        Ids.require(role, "role");
        capabilities = Ids.list(capabilities);
        Ids.require(model, "model");
        Objects.requireNonNull(status, "status");
        config = Ids.map(config);
        metrics = Ids.map(metrics);
    }

    /** @return a new idle agent created now */
    public static Agent create(String name, String role, List<String> capabilities, String model) {
        return new Agent(Ids.newId(), Instant.now(), name, role, capabilities, model, Status.IDLE, Map.of(), Map.of());
    }

    /** @return this agent with another status and metrics, same id */
    public Agent with(Status newStatus, Map<String, Double> newMetrics) {
        return new Agent(id, createdAt, name, role, capabilities, model, newStatus, config, newMetrics);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.AGENT;
    }
}
