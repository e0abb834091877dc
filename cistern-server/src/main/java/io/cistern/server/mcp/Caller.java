package io.cistern.server.mcp;

import io.cistern.server.security.Grant;

/**
 * Who calls a tool, in which namespace: fixed for stdio, from the HTTP request for Streamable HTTP.
 *
 * @param grant what the caller may do
 * @param namespace the namespace of the connection
 */
public record Caller(Grant grant, String namespace) {
}
