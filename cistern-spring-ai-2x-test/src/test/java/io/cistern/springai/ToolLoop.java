package io.cistern.springai;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Who runs the tools, on Spring AI 2.0: never the model. 2.0 removed internal tool execution
 * (and its switch, {@code internalToolExecutionEnabled}); ChatClient's ToolCallingAdvisor runs
 * the loop, or the application does with a ToolCallingManager. The shared tests of
 * cistern-spring-ai (src/shared-test) ask this class; cistern-spring-ai has its 1.1 counterpart.
 */
final class ToolLoop {

    private ToolLoop() {
    }

    /** @return false: on 2.0 a model only asks for tools */
    static boolean modelRunsTools(Prompt prompt) {
        return false;
    }

    /** @return options with these tools for a loop the application drives */
    static ChatOptions userControlled(ToolCallback... tools) {
        return ToolCallingChatOptions.builder().toolCallbacks(tools).build();
    }
}
