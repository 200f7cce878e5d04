package im.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpOptionsTest {

    @Test
    void noFlagsIsTheEverydayCluster() {
        UpOptions o = UpOptions.parse(new String[0]);
        assertThat(o.kafkaBrokers()).isZero();
        assertThat(o.durable()).isFalse();
        assertThat(o.measuring()).isFalse();
        assertThat(o.gateways()).isEqualTo(2);
        assertThat(o.infra(Path.of("logs")).kafkaBrokers()).isZero();
        assertThat(LocalCluster.specs(o))
                .extracting(ServiceSpec::name)
                .containsExactly("gw-1", "gw-2", "routing", "presence", "group", "web");
        // what the pages are told, from the same specs: every gateway, the REST APIs, the management ports
        assertThat(LocalCluster.specs(o).get(5).env())
                .containsEntry("IM_WEBAPP_GATEWAYS", "ws://127.0.0.1:8081/ws,ws://127.0.0.1:8082/ws")
                .containsEntry("IM_WEBAPP_GROUP_API", "http://127.0.0.1:8092")
                .containsEntry("IM_WEBAPP_DEV_TOKENS", "http://127.0.0.1:8081/dev/token")
                .containsEntry("IM_WEBAPP_GATEWAY_MANAGEMENT", "gw-1=http://127.0.0.1:9081,gw-2=http://127.0.0.1:9082")
                .containsEntry(
                        "IM_WEBAPP_SERVICE_MANAGEMENT", "presence=http://127.0.0.1:9091,group=http://127.0.0.1:9092");
    }

    @Test
    void measuringFlags() {
        UpOptions o = UpOptions.parse(new String[] {
            "--kafka-process",
            "--durable",
            "--measuring",
            "--gateways",
            "3",
            "--gateway-heap",
            "2g",
            "--gateway-env",
            "IM_MEMBERSHIP_TTL=15s",
            "--exit-when-ready"
        });
        assertThat(o.kafkaBrokers()).isEqualTo(1);
        assertThat(o.durable()).isTrue();
        assertThat(o.measuring()).isTrue();
        assertThat(o.exitWhenReady()).isTrue();
        assertThat(o.gatewayJvm()).containsExactly("-Xms2g", "-Xmx2g");
        assertThat(o.gatewayEnv()).isEqualTo(Map.of("IM_MEMBERSHIP_TTL", "15s"));
        List<ServiceSpec> specs = LocalCluster.specs(o);
        assertThat(specs).extracting(ServiceSpec::name).doesNotContain("web"); // no idle JVM in a measurement
        assertThat(specs.get(2).port()).isEqualTo(8083);
        assertThat(specs.get(2).env())
                .containsEntry("IM_MEMBERSHIP_TTL", "15s")
                .containsEntry("SPRING_PROFILES_ACTIVE", "local");
        assertThat(UpOptions.parse(new String[] {"--kafka-brokers", "3"}).kafkaBrokers())
                .isEqualTo(3);
    }

    @Test
    void unknownFlagsAreRefusedWithTheList() {
        assertThatThrownBy(() -> UpOptions.parse(new String[] {"--fast"})).hasMessageContaining("--kafka-process");
    }

    @Test
    void manifestStringsAreEscaped() {
        assertThat(ClusterManifest.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }
}
