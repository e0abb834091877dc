package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.SqlExceptionClassifier;
import io.cistern.jdbc.SqlExceptionClassifier.Verdict;
import io.cistern.routing.health.Role;
import io.cistern.testkit.Ports;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an endpoint learns from the errors its connections throw: connection failures count
 * against its breaker, and a write refused as read-only by the endpoint believed to be the
 * primary evicts that connection and asks for an immediate role check. No server is needed:
 * the errors are handed to the classifier the endpoint installed in its pool.
 */
class EndpointErrorsTest {
    private final AtomicInteger rechecks = new AtomicInteger();
    private Endpoint endpoint;

    private SqlExceptionClassifier endpointWith(SqlExceptionClassifier users) {
        ClusterConfig config = ClusterConfig.builder()
                .name("errors")
                .endpoint("db", "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/postgres")
                .pool(p -> p.minimumIdle(0).exceptionClassifier(users))
                .build();
        endpoint = new Endpoint(0, config.endpoints().get(0), config, null, rechecks::incrementAndGet);
        return endpoint.pool.config().exceptionClassifier();
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    @Test
    void aReadOnlyRefusalOnThePrimaryEvictsTheConnectionAndAsksForARecheck() {
        SqlExceptionClassifier classifier = endpointWith(null);
        endpoint.checked(true, Role.PRIMARY, 1_000);
        assertThat(classifier.classify(new SQLException("cannot execute INSERT in a read-only transaction", "25006")))
                .isEqualTo(Verdict.FATAL);
        assertThat(rechecks.get()).isEqualTo(1);
    }

    @Test
    void aReadOnlyRefusalOnAReplicaIsTheCallersMistakeNotADemotion() {
        SqlExceptionClassifier classifier = endpointWith(null);
        endpoint.checked(true, Role.REPLICA, 1_000);
        assertThat(classifier.classify(new SQLException("read-only", "25006"))).isEqualTo(Verdict.DEFAULT);
        assertThat(rechecks.get()).isZero();
    }

    @Test
    void connectionFailuresCountAgainstTheBreakerUnlessTheUsersClassifierSaysOtherwise() {
        SqlExceptionClassifier classifier = endpointWith(e -> "08006".equals(e.getSQLState()) ? Verdict.NOT_FATAL : Verdict.DEFAULT);
        assertThat(classifier.classify(new SQLException("terminated", "57P01"))).isEqualTo(Verdict.DEFAULT);
        assertThat(classifier.classify(new SQLException("I/O", "08006"))).isEqualTo(Verdict.NOT_FATAL);
        assertThat(classifier.classify(new SQLException("duplicate", "23505"))).isEqualTo(Verdict.DEFAULT);
        assertThat(endpoint.breaker.stats().failures()).isEqualTo(1);
        assertThat(endpoint.health().lastError()).contains("terminated");
    }

    @Test
    void whatTheUsersClassifierCallsFatalCountsToo() {
        SqlExceptionClassifier classifier = endpointWith(e -> e.getErrorCode() == 9001 ? Verdict.FATAL : Verdict.DEFAULT);
        SQLException proxyLost = new SQLException("proxy lost the backend", "XX000", 9001);
        assertThat(classifier.classify(proxyLost)).isEqualTo(Verdict.FATAL);
        assertThat(endpoint.breaker.stats().failures()).isEqualTo(1);
    }
}
