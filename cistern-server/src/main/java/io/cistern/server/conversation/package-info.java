/**
 * Conversations over the lineage graph as both front doors (the HTTP API and the MCP tools) offer
 * them: start a session, append a turn (idempotently under a key), page a session's turns, a
 * response's lineage, an agent's operation log; each checked against the caller's grant. Not the
 * transport: no HTTP or JSON-RPC here.
 */
package io.cistern.server.conversation;
