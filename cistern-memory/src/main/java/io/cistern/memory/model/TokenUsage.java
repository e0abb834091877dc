package io.cistern.memory.model;

/**
 * Tokens a response consumed.
 *
 * @param prompt prompt tokens
 * @param completion completion tokens
 */
public record TokenUsage(long prompt, long completion) {

    /** Checks the fields. */
    public TokenUsage {
        Ids.nonNegative(prompt, "prompt tokens");
        Ids.nonNegative(completion, "completion tokens");
    }

    /** @return prompt plus completion tokens */
    public long total() {
        return prompt + completion;
    }
}
