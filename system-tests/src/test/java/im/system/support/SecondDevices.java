package im.system.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * A second device ("watch") of some users, on raw connections that stay open throughout a fault,
 * counting every message pushed to it by conversation and number: the reference client drops
 * duplicates, so only a raw connection shows whether the server pushed one twice.
 */
public final class SecondDevices implements AutoCloseable {

    private final TestCluster cluster;
    private final List<PairTraffic.User> users;
    private final List<TestClient> connections = new ArrayList<>();
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();

    public SecondDevices(TestCluster cluster, List<PairTraffic.User> users) {
        this.cluster = cluster;
        this.users = users;
    }

    /** Connects each user's second device and starts counting its pushes. */
    public void connect() {
        for (PairTraffic.User u : users) {
            TestClient c = cluster.connect(u.id(), "watch");
            c.send("sync", "ref", 1);
            c.awaitType("sync_state", Duration.ofSeconds(10));
            c.onFrame(f -> count(u.id(), f));
            connections.add(c);
        }
    }

    private void count(String device, JsonNode f) {
        if (f.path("type").asString().equals("message")) {
            seen.merge(
                    device + " " + f.path("conv").asString() + " "
                            + f.path("seq").asLong(),
                    1,
                    Integer::sum);
        }
    }

    /** Every push counted. */
    public int pushes() {
        return seen.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Some pushes came, and none twice to one device. */
    public void assertNoPushTwice() {
        assertThat(seen).as("pushes per device and message").isNotEmpty();
        assertThat(Set.copyOf(seen.values()))
                .as("pushes per device and message")
                .containsOnly(1);
    }

    @Override
    public void close() {
        connections.forEach(TestClient::close);
    }
}
