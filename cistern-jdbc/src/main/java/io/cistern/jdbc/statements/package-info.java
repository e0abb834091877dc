/**
 * Prepared statements kept open per physical connection, for drivers that prepare every statement
 * anew (sqlite-jdbc): {@link io.cistern.jdbc.statements.StatementCache}. Opt-in, used by callers
 * that choose it; the pool and its proxies neither know nor use it. Not a result or query cache
 * (that is cistern-cache), and not for drivers with a server-side statement cache of their own
 * (pgjdbc's {@code prepareThreshold}).
 */
package io.cistern.jdbc.statements;
