/**
 * The MCP server (official MCP Java SDK): the nine knowledge-graph tools of the reference memory
 * server with its names, argument schemas and structured results (plus a cursor on the two reads
 * that can be large), the {@code memory://knowledge-graph} resource, and conversation tools over
 * the lineage graph; over stdio or Streamable HTTP. Not the storage: that is
 * {@code io.cistern.memory.graph} and the store.
 */
package io.cistern.server.mcp;
