package im.load.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsWhatTheLauncherWrites() throws Exception {
        Path f = tmp.resolve("cluster.json");
        Files.writeString(f, """
                {
                  "kafka": "1 process(es)",
                  "durable": true,
                  "measuring": true,
                  "adminTokenFile": "/x/.im/admin-token",
                  "tokenSecretFile": "/x/.im/token-secret",
                  "processes": [
                    {"name": "gw-1", "kind": "service", "module": "gateway-service", "pid": 30870, "address": null,
                     "http": "http://127.0.0.1:8081", "ws": "ws://127.0.0.1:8081/ws",
                     "prometheus": "http://127.0.0.1:8081/actuator/prometheus", "withChildren": false, "note": null},
                    {"name": "group", "kind": "service", "module": "group-service", "pid": 30882, "address": null,
                     "http": "http://127.0.0.1:8092", "ws": null, "prometheus": null, "withChildren": false, "note": null},
                    {"name": "postgres", "kind": "infrastructure", "module": null, "pid": 30845,
                     "address": "jdbc:postgresql://localhost:43309/im", "http": null, "ws": null, "prometheus": null,
                     "withChildren": true, "note": "fsync=on, synchronous_commit=on"}
                  ]
                }
                """);
        ClusterFile c = ClusterFile.read(f);
        assertThat(c.durable()).isTrue();
        assertThat(c.tokenSecretFile()).isEqualTo("/x/.im/token-secret");
        assertThat(c.gateways()).extracting(ClusterFile.Proc::ws).containsExactly("ws://127.0.0.1:8081/ws");
        assertThat(c.service("group-service").orElseThrow().http()).isEqualTo("http://127.0.0.1:8092");
        assertThat(c.process("postgres").orElseThrow().withChildren()).isTrue();
        assertThat(c.process("gw-1").orElseThrow().service()).isTrue();
    }
}
