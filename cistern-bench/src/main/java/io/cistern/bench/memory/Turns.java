package io.cistern.bench.memory;

import io.cistern.memory.model.ModelParameters;
import java.util.List;

/**
 * The fixed workload's content, the same for every contender: turn {@code t} of a conversation
 * is a prompt of about 120 characters, a response of about 600, and one tool call on even turns,
 * two on odd ones (1.5 a turn).
 */
final class Turns {
    static final ModelParameters PARAMETERS = new ModelParameters("gpt-4o", 0.2, 1024, List.of("web_search", "calculator"));
    static final int RECENT = 20;

    private Turns() {
    }

    static String prompt(int agent, int turn) {
        return "Agent " + agent + ", turn " + turn + ": what should we look at next, given what the tools returned so far? "
                + "Keep it short.";
    }

    static String response(int agent, int turn) {
        return "Turn " + turn + " of agent " + agent + ": " + "the sources agree on the main points, lorem ipsum dolor ".repeat(11);
    }

    static int toolCalls(int turn) {
        return turn % 2 == 0 ? 1 : 2;
    }

    static String toolName(int call) {
        return call == 0 ? "web_search" : "calculator";
    }

    static String toolParameters(int turn, int call) {
        return "{\"query\":\"q" + turn + "-" + call + "\",\"limit\":5}";
    }

    static String toolResult(int turn, int call) {
        return "{\"results\":[\"r" + turn + "\",\"s" + call + "\"],\"took_ms\":42}";
    }
}
