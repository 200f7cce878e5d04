package im.infra.local;

import im.infra.InfraOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./im up}'s flags. Without any, the everyday local cluster: Kafka in the launcher's JVM,
 * non-durable PostgreSQL, two gateways, start-up tuned JVMs.
 *
 * @param exitWhenReady stop as soon as everything is ready (a smoke test)
 * @param kafkaBrokers 0: in the launcher's JVM ({@code --kafka-process}: 1; {@code --kafka-brokers n})
 * @param durable PostgreSQL with {@code fsync} and {@code synchronous_commit} on
 * @param measuring production-like service JVMs (full JIT, fixed heap) and the token secret written to
 *     {@code .im/token-secret} so a load tool can mint its users' tokens without asking a gateway
 * @param gateways how many gateways (gw-1 on 8081, gw-2 on 8082, ...)
 * @param gatewayJvm extra JVM options of the gateways ({@code --gateway-heap 2g} adds -Xms/-Xmx)
 * @param gatewayEnv extra environment of the gateways ({@code --gateway-env KEY=VALUE})
 */
record UpOptions(
        boolean exitWhenReady,
        int kafkaBrokers,
        boolean durable,
        boolean measuring,
        int gateways,
        List<String> gatewayJvm,
        Map<String, String> gatewayEnv) {

    static UpOptions parse(String[] args) {
        boolean exit = false, durable = false, measuring = false;
        int brokers = 0, gateways = 2;
        List<String> jvm = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--exit-when-ready" -> exit = true;
                case "--kafka-process" -> brokers = Math.max(brokers, 1);
                case "--kafka-brokers" -> brokers = Integer.parseInt(args[++i]);
                case "--durable" -> durable = true;
                case "--measuring" -> measuring = true;
                case "--gateways" -> gateways = Integer.parseInt(args[++i]);
                case "--gateway-heap" -> jvm.addAll(List.of("-Xms" + args[i + 1], "-Xmx" + args[++i]));
                case "--gateway-env" -> {
                    String[] kv = args[++i].split("=", 2);
                    env.put(kv[0], kv[1]);
                }
                default ->
                    throw new IllegalArgumentException("unknown flag " + args[i] + "; flags: --exit-when-ready"
                            + " --kafka-process --kafka-brokers N --durable --measuring --gateways N --gateway-heap SIZE"
                            + " --gateway-env KEY=VALUE");
            }
        }
        if (gateways < 1 || gateways > 9) {
            throw new IllegalArgumentException("--gateways must be 1..9 (ports 8081..8089)");
        }
        return new UpOptions(exit, brokers, durable, measuring, gateways, List.copyOf(jvm), Map.copyOf(env));
    }

    InfraOptions infra(Path logs) {
        return new InfraOptions(kafkaBrokers, durable, logs);
    }
}
