package io.cistern.springai;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Who runs the tools, on Spring AI 1.1: the model itself, unless the options switch internal tool
 * execution off (the application then runs them). The shared tests (src/shared-test) ask this
 * class; cistern-spring-ai-2x-test has its 2.0 counterpart.
 */
final class ToolLoop {

    private ToolLoop() {
    }

    /** @return whether a model called with this prompt runs the tools it asks for itself */
    static boolean modelRunsTools(Prompt prompt) {
        return !(prompt.getOptions() instanceof ToolCallingChatOptions o)
                || !Boolean.FALSE.equals(o.getInternalToolExecutionEnabled());
    }

    /** @return options with these tools for a loop the application drives: the model only asks for them */
    static ChatOptions userControlled(ToolCallback... tools) {
        return ToolCallingChatOptions.builder().toolCallbacks(tools).internalToolExecutionEnabled(false).build();
    }
}
