package im.gateway.ws;

import java.util.List;
import java.util.function.Supplier;
import javax.management.ObjectName;
import org.apache.coyote.AbstractProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Health of the client connector's own threads: its acceptor (takes new connections) and poller
 * (reads every open one). Both are single threads that die for good when an error escapes them — an
 * {@code OutOfMemoryError} is the case seen — and the JVM lives on: existing sockets stay open
 * without pongs, new ones queue in the backlog, and nothing in the process notices. This indicator
 * is in the liveness and readiness groups, so the orchestrator restarts such a gateway and its users
 * reconnect to a node that serves them.
 *
 * <p>The threads are found once, by Tomcat's naming ({@code <connector name>-Acceptor}, {@code
 * -Poller}, the name as {@code http-nio-8080}), when the client port (not the management port) has
 * started; afterwards each check is two {@link Thread#isAlive()} calls.
 */
@Component("clientConnector")
class ConnectorHealth implements HealthIndicator, ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ConnectorHealth.class);

    private final Supplier<Iterable<Thread>> threads;
    private volatile List<Thread> watched = List.of();
    private volatile boolean reported;

    ConnectorHealth() {
        this(() -> Thread.getAllStackTraces().keySet());
    }

    ConnectorHealth(Supplier<Iterable<Thread>> threads) {
        this.threads = threads;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // The management server has a namespace ("management"); the client connector has none.
        if (event.getApplicationContext().getServerNamespace() == null
                && event.getWebServer() instanceof TomcatWebServer tomcat
                && tomcat.getTomcat().getConnector().getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
            // "http-nio-8080": the prefix of its threads' names. On a random port (tests) the name
            // gains the bound port ("http-nio-auto-1-35797") after the threads were named without it.
            String name = ObjectName.unquote(protocol.getName());
            String bound = "-" + protocol.getLocalPort();
            watch(
                    name.endsWith(bound) && name.contains("-auto-")
                            ? name.substring(0, name.length() - bound.length())
                            : name);
        }
    }

    /** Finds the acceptor and poller threads of the connector named {@code name}. */
    void watch(String connector) {
        String prefix = connector + "-";
        List<Thread> found = new java.util.ArrayList<>();
        for (Thread t : threads.get()) {
            String name = t.getName();
            if (name.startsWith(prefix) && (name.endsWith("Acceptor") || name.endsWith("Poller"))) {
                found.add(t);
            }
        }
        if (found.isEmpty()) {
            log.warn("no acceptor or poller thread of {} found: the client connector is not watched", connector);
        }
        watched = List.copyOf(found);
    }

    @Override
    public Health health() {
        List<Thread> all = watched;
        if (all.isEmpty()) {
            return Health.unknown()
                    .withDetail("reason", "connector threads not found")
                    .build();
        }
        List<String> dead =
                all.stream().filter(t -> !t.isAlive()).map(Thread::getName).toList();
        if (dead.isEmpty()) {
            return Health.up().withDetail("threads", all.size()).build();
        }
        if (!reported) {
            reported = true;
            log.error("client connector threads died: {}; this gateway no longer serves connections", dead);
        }
        return Health.down().withDetail("dead", dead).build();
    }
}
