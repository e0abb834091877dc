/**
 * Operating the server: liveness and readiness (ready only while the store can write), Prometheus
 * metrics through Micrometer (pools, limiter, cache, store operations, requests by route and
 * status), and the live dashboard at {@code /}. Not alerting: the metrics are for whatever scrapes them.
 */
package io.cistern.server.ops;
