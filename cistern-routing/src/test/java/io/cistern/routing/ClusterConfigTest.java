package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    @Test
    void aMultiHostUrlBecomesOneEndpointPerHostWithoutTheDriversRoutingParameters() {
        ClusterConfig c = ClusterConfig.builder()
                .jdbcUrl("jdbc:postgresql://db1:5432,db2:5433,db3/memory?targetServerType=primary&ssl=true&loadBalanceHosts=true")
                .build();
        assertThat(c.endpointNames()).containsExactly("db1:5432", "db2:5433", "db3");
        assertThat(c.endpoints()).extracting(EndpointSpec::jdbcUrl).containsExactly(
                "jdbc:postgresql://db1:5432/memory?ssl=true",
                "jdbc:postgresql://db2:5433/memory?ssl=true",
                "jdbc:postgresql://db3/memory?ssl=true");
        assertThat(c.mode()).isEqualTo(Mode.REMOTE);
        assertThat(c.roleQuery()).isEqualTo(ClusterConfig.POSTGRESQL_ROLE_QUERY);
    }

    @Test
    void modeIsInferredAndChecked() {
        assertThat(ClusterConfig.builder().jdbcUrl("jdbc:postgresql://db1/m").build().mode()).isEqualTo(Mode.LOCAL);
        assertThat(ClusterConfig.builder().localEndpoint("here", "jdbc:postgresql://localhost/m")
                .endpoint("there", "jdbc:postgresql://remote/m").build().mode()).isEqualTo(Mode.HYBRID);
        assertThatThrownBy(() -> ClusterConfig.builder().jdbcUrl("jdbc:postgresql://a,b/m").mode(Mode.LOCAL).build())
                .hasMessageContaining("mode = LOCAL is not allowed").hasMessageContaining("2 given");
        assertThatThrownBy(() -> ClusterConfig.builder().jdbcUrl("jdbc:postgresql://a,b/m").mode(Mode.HYBRID).build())
                .hasMessageContaining("mode = HYBRID is not allowed").hasMessageContaining("0 local of 2 given");
        assertThatThrownBy(() -> ClusterConfig.builder().localEndpoint("here", "jdbc:postgresql://localhost/m")
                .endpoint("there", "jdbc:postgresql://remote/m").mode(Mode.REMOTE).build())
                .hasMessageContaining("mode = REMOTE is not allowed");
    }

    @Test
    void badEndpointsFailNamingWhatIsWrong() {
        assertThatThrownBy(() -> ClusterConfig.builder().build()).hasMessageContaining("No endpoint given");
        assertThatThrownBy(() -> ClusterConfig.builder().jdbcUrl("postgresql://db1/m").build())
                .hasMessageContaining("jdbcUrl = postgresql://db1/m is not allowed");
        assertThatThrownBy(() -> ClusterConfig.builder().jdbcUrl("jdbc:postgresql://db1,,db2/m").build())
                .hasMessageContaining("empty host");
        assertThatThrownBy(() -> ClusterConfig.builder().endpoint("a", "jdbc:postgresql://x/m").endpoint("a", "jdbc:postgresql://y/m").build())
                .hasMessage("endpoint name = \"a\" is not allowed; allowed: a name not used by another endpoint");
        assertThatThrownBy(() -> ClusterConfig.builder().endpoint("a", "jdbc:postgresql://x,y/m").build())
                .hasMessageContaining("a single-host URL");
        assertThatThrownBy(() -> ClusterConfig.builder().endpoint("a", "jdbc:postgresql://x/m?password=hunter2").endpoint("a", "jdbc:postgresql://x/m?password=hunter2").build())
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void timeoutsAreChecked() {
        assertThatThrownBy(() -> ClusterConfig.builder().jdbcUrl("jdbc:postgresql://a/m")
                .connectionTimeout(Duration.ofSeconds(2)).endpointTimeout(Duration.ofSeconds(3)).build())
                .hasMessage("endpointTimeout = 3000 ms is not allowed; allowed: 250 ms to 2000 ms");
        assertThatThrownBy(() -> ClusterConfig.builder().jdbcUrl("jdbc:postgresql://a/m").healthCheckInterval(Duration.ZERO).build())
                .hasMessageContaining("healthCheckInterval = 0 ms");
    }

    @Test
    void roleDetectionDefaultsByDriverAndCanBeTurnedOff() {
        assertThat(ClusterConfig.builder().jdbcUrl("jdbc:mysql://a,b/m").build().roleQuery()).isNull();
        assertThat(ClusterConfig.builder().jdbcUrl("jdbc:postgresql://a,b/m").noRoleDetection().build().roleQuery()).isNull();
        assertThat(ClusterConfig.builder().jdbcUrl("jdbc:mysql://a,b/m").roleQuery("select @@global.read_only").build().roleQuery())
                .isEqualTo("select @@global.read_only");
        assertThat(ClusterConfig.builder().jdbcUrl("jdbc:postgresql://a/m").password("hunter2").build().toString())
                .doesNotContain("hunter2");
    }
}
