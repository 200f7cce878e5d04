package im.load;

import im.load.capacity.CapacityRun;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code capacity}: see {@link CapacityRun}. */
@Command(
        name = "capacity",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Hold N authenticated sessions on ONE gateway process: refusals, drops, memory and CPU.")
final class CapacityCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Option(names = "--sessions", defaultValue = "${env:IM_LOAD_SESSIONS:-3000}")
    int sessions;

    @Option(names = "--target", description = "the gateway's WebSocket URL (default: the first --url / gateway)")
    URI target;

    @Option(names = "--hold", defaultValue = "60s", converter = Durations.class)
    Duration hold;

    @Option(
            names = "--per-child",
            defaultValue = "9000",
            description = "sessions per child process (the" + " per-process open-files cap is 20,000)")
    int perChild;

    @Option(
            names = "--source-addresses",
            defaultValue = "127.0.0.2-127.0.0.20",
            description = "local addresses" + " to bind, round robin (a range a.b.c.x-a.b.c.y, or none)")
    String sources;

    @Option(names = "--concurrency", defaultValue = "200", description = "handshakes in flight, over all children")
    int concurrency;

    @Option(
            names = "--gateway-pid",
            defaultValue = "-1",
            description = "the gateway's PID (default: from the" + " cluster file)")
    long gatewayPid;

    @Override
    public Integer call() throws Exception {
        var t = common.target();
        URI gw = target != null ? target : t.gateway(0);
        Map<String, Object> flags = new java.util.LinkedHashMap<>();
        flags.put("sessions", sessions);
        flags.put("target", gw.toString());
        flags.put("hold", hold.toString());
        flags.put("perChild", perChild);
        flags.put("sources", sources);
        flags.put("concurrency", concurrency);
        CapacityRun.run(
                t, new CapacityRun.Shape(sessions, gw, hold, perChild, sources, concurrency, gatewayPid), flags);
        return 0;
    }
}
