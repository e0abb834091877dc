package io.cistern.memory.model;

import java.util.Map;
import java.util.Objects;

/** The typed properties of an {@link Edge}; the record type decides the edge's {@link EdgeKind}. */
public sealed interface EdgeProperties {

    /** @return the kind of edge these properties belong to */
    EdgeKind kind();

    /**
     * Prompt to the previous prompt of its session.
     *
     * @param gapMillis time between the two prompts
     */
    record Follows(long gapMillis) implements EdgeProperties {
        /** Checks the gap. */
        public Follows {
            Ids.nonNegative(gapMillis, "gapMillis");
        }

        @Override
        public EdgeKind kind() {
            return EdgeKind.FOLLOWS;
        }
    }

    /**
     * Response to the prompt it answers.
     *
     * @param latencyMillis time from prompt to response
     */
    record RespondsTo(long latencyMillis) implements EdgeProperties {
        /** Checks the latency. */
        public RespondsTo {
            Ids.nonNegative(latencyMillis, "latencyMillis");
        }

        @Override
        public EdgeKind kind() {
            return EdgeKind.RESPONDS_TO;
        }
    }

    /**
     * Prompt to the agent that handled it.
     *
     * @param priority the priority it was handled with
     */
    record HandledBy(int priority) implements EdgeProperties {
        @Override
        public EdgeKind kind() {
            return EdgeKind.HANDLED_BY;
        }
    }

    /**
     * Turn to its session.
     *
     * @param role {@code user}, {@code assistant} or {@code tool}
     */
    record PartOf(String role) implements EdgeProperties {
        /** Checks the role. */
        public PartOf {
            Ids.require(role, "role");
        }

        @Override
        public EdgeKind kind() {
            return EdgeKind.PART_OF;
        }
    }

    /**
     * Response to a tool invocation it made.
     *
     * @param order position of the call among the response's calls, from 0
     * @param required whether the response needed the result
     */
    record Invokes(int order, boolean required) implements EdgeProperties {
        /** Checks the order. */
        public Invokes {
            Ids.nonNegative(order, "order");
        }

        @Override
        public EdgeKind kind() {
            return EdgeKind.INVOKES;
        }
    }

    /**
     * Agent to the agent it handed the conversation to.
     *
     * @param reason why
     * @param contextSummary what was handed over
     */
    record TransfersTo(String reason, String contextSummary) implements EdgeProperties {
        /** Checks the reason. */
        public TransfersTo {
            Ids.require(reason, "reason");
            Objects.requireNonNull(contextSummary, "contextSummary");
        }

        @Override
        public EdgeKind kind() {
            return EdgeKind.TRANSFERS_TO;
        }
    }

    /**
     * Prompt to the template it was rendered from.
     *
     * @param templateVersion the template's version at the time
     * @param variables the values used
     */
    record Instantiates(String templateVersion, Map<String, String> variables) implements EdgeProperties {
        /** Checks and copies the fields. */
        public Instantiates {
            Ids.require(templateVersion, "templateVersion");
            variables = Ids.map(variables);
        }

        @Override
        public EdgeKind kind() {
            return EdgeKind.INSTANTIATES;
        }
    }

    /**
     * Template to the parent template it was derived from.
     *
     * @param changeSummary what changed
     */
    record Inherits(String changeSummary) implements EdgeProperties {
        /** Checks the summary. */
        public Inherits {
            Objects.requireNonNull(changeSummary, "changeSummary");
        }

        @Override
        public EdgeKind kind() {
            return EdgeKind.INHERITS;
        }
    }

    /**
     * Any node to a node it drew context from.
     *
     * @param contextType what kind of context ({@code document}, {@code memory}...)
     * @param relevance how relevant, 0 to 1
     */
    record References(String contextType, double relevance) implements EdgeProperties {
        /** Checks the fields. */
        public References {
            Ids.require(contextType, "contextType");
            if (!(relevance >= 0 && relevance <= 1)) {
                throw new IllegalArgumentException("relevance = " + relevance + " is not allowed; allowed: 0 to 1");
            }
        }

        @Override
        public EdgeKind kind() {
            return EdgeKind.REFERENCES;
        }
    }
}
