/**
 * The JSON HTTP API under {@code /v1} (sessions, turns with idempotent appends and cursor paging,
 * lineage, operation logs, statistics), its OpenAPI 3 document, and RFC 9457 problem details for
 * every error. Not the MCP endpoint, which the SDK's servlet serves at {@code /mcp}.
 */
package io.cistern.server.http;
