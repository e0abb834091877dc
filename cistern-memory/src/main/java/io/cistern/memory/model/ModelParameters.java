package io.cistern.memory.model;

import java.util.List;

/**
 * How a prompt was sent to the model.
 *
 * @param model the model name
 * @param temperature sampling temperature, 0 to 2
 * @param maxTokens the completion budget, 1 or more
 * @param tools names of the tools offered to the model
 */
public record ModelParameters(String model, double temperature, int maxTokens, List<String> tools) {

    /** Checks the fields. */
    public ModelParameters {
        Ids.require(model, "model");
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature = " + temperature + " is not allowed; allowed: 0 to 2");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens = " + maxTokens + " is not allowed; allowed: 1 or more");
        }
        tools = Ids.list(tools);
    }
}
