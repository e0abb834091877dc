/**
 * The memory store as a service: {@link io.cistern.server.CisternServer} runs the HTTP API, MCP
 * over Streamable HTTP, health, metrics and the dashboard on one embedded Jetty; the MCP server
 * over stdio is {@link io.cistern.server.mcp.McpEndpoints#stdio}. Not the command line: that is
 * cistern-app's {@code serve} and {@code mcp}.
 */
package io.cistern.server;
