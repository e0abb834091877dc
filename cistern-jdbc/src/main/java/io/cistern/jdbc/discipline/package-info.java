/**
 * How {@link io.cistern.jdbc.CisternDataSource} gives a URL its discipline: the
 * {@link io.cistern.jdbc.discipline.ConnectionDiscipline} service interface, found with
 * {@link java.util.ServiceLoader}, which cistern-sqlite (one writer and read-only readers for a
 * {@code jdbc:sqlite:} file) and cistern-routing (a cluster for a multi-host URL) implement, and
 * {@link io.cistern.jdbc.discipline.DisciplineSettings}, the typed view of the discipline's own
 * properties ({@code sqlite.*}, {@code loadBalancing}, ...).
 *
 * <p>Not here: the plain pool, which is what a URL no discipline claims gets, and the disciplines
 * themselves, which live in their own modules (cistern-jdbc depends on neither).
 */
package io.cistern.jdbc.discipline;
