package io.cistern.server.conversation;

import io.cistern.memory.model.Node;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.SessionEntry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A turn as both front doors show it.
 *
 * @param seq its position in the session, from 1
 * @param id the node id
 * @param sessionId the session
 * @param role {@code user}, {@code assistant} or {@code tool}
 * @param content the text (a tool's output)
 * @param createdAt ISO-8601
 * @param promptId for a response, the prompt it answers; else null
 */
public record Turn(long seq, String id, String sessionId, String role, String content, String createdAt, String promptId) {

    /** @return the turn of a session entry */
    public static Turn of(SessionEntry e) {
        Node n = e.node();
        if (n instanceof Prompt p) {
            return new Turn(e.seq(), p.id(), p.sessionId(), "user", p.content(), p.createdAt().toString(), null);
        }
        if (n instanceof Response r) {
            return new Turn(e.seq(), r.id(), r.sessionId(), "assistant", r.content(), r.createdAt().toString(), r.promptId());
        }
        if (n instanceof ToolInvocation t) {
            return new Turn(e.seq(), t.id(), t.sessionId(), "tool", t.success() ? String.valueOf(t.resultJson()) : String.valueOf(t.error()), t.createdAt().toString(), null);
        }
        throw new IllegalArgumentException("node " + n.id() + " is a " + n.kind().code() + ", not a turn");
    }

    /** @return the fields as a JSON object, nulls left out */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("id", id);
        m.put("sessionId", sessionId);
        m.put("role", role);
        m.put("content", content);
        m.put("createdAt", createdAt);
        if (promptId != null) {
            m.put("promptId", promptId);
        }
        return m;
    }
}
