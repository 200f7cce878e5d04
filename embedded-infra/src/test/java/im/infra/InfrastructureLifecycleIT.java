package im.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A second, private infrastructure: closing it leaves no process and no directory behind. */
class InfrastructureLifecycleIT {

    @Test
    void closeStopsEveryChildProcessAndRemovesItsDirectory() throws Exception {
        Set<Long> before = children();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> dirsBefore = infraDirs(tmp);
        Infrastructure infra = EmbeddedInfrastructure.start();
        try {
            checkStartedThenClose(infra, before, tmp, dirsBefore);
        } finally {
            infra.close(); // idempotent: a failed assertion must not leak servers
        }
    }

    private static void checkStartedThenClose(Infrastructure infra, Set<Long> before, Path tmp, Set<Path> dirsBefore)
            throws Exception {
        Set<Long> started = children();
        started.removeAll(before);
        Set<Path> created = infraDirs(tmp);
        created.removeAll(dirsBefore);
        // PostgreSQL daemonizes (pg_ctl), so it is checked by its port rather than as a child.
        assertThat(started).as("redis and etcd processes").hasSizeGreaterThanOrEqualTo(2);
        assertThat(created).hasSize(1);
        List<Integer> ports = List.of(
                infra.redisPort(),
                port(infra.etcdEndpoint()),
                port(infra.jdbcUrl().replace("jdbc:", "")),
                port("kafka://" + infra.kafkaBootstrapServers()));
        assertThat(ports).allMatch(Ports::listening);

        infra.close();

        assertThat(ports).noneMatch(Ports::listening);

        assertThat(started.stream()
                        .filter(pid -> ProcessHandle.of(pid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false)))
                .isEmpty();
        assertThat(created).allMatch(d -> !Files.exists(d));
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static Set<Long> children() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static Set<Path> infraDirs(Path tmp) throws Exception {
        try (var s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("im-infra-"))
                    .collect(Collectors.toSet());
        }
    }
}
