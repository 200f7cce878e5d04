package im.load;

import im.load.auth.TokenSource;
import im.load.cluster.ClusterFile;
import im.load.cluster.Target;
import im.load.run.Parties;
import im.load.run.SweepSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Flags every mode shares: where the cluster is, where tokens come from, the schedule, the report. */
final class Common {

    @Option(
            names = "--cluster",
            description =
                    "cluster file written by ./im up (PIDs and URLs); default" + " .im/cluster.json when it exists")
    Path cluster;

    @Option(
            names = "--url",
            split = ",",
            description = "bootstrap gateway WebSocket URL(s), e.g."
                    + " ws://127.0.0.1:8081/ws (default: the gateways of the cluster file)")
    List<URI> urls = new ArrayList<>();

    @Option(names = "--token-url", description = "token endpoint (default http://<first gateway>/dev/token)")
    String tokenUrl;

    @Option(names = "--token-secret-file", description = "mint HS256 tokens locally with the secret in this file")
    Path tokenSecretFile;

    @Option(names = "--token-ttl", defaultValue = "2h", converter = Durations.class)
    Duration tokenTtl;

    @Option(
            names = "--group-url",
            description = "group-service base URL (default: from the cluster file, else" + " http://127.0.0.1:8092)")
    String groupUrl;

    @Option(
            names = {"--rate", "--rates"},
            split = ",",
            defaultValue = "${env:IM_LOAD_RATES:-500}",
            description = "offered msg/s, one" + " stage per rate: --rates 500,1000,2000")
    List<Double> rates;

    @Option(names = "--stage-seconds", defaultValue = "${env:IM_LOAD_STAGE_SECONDS:-30}")
    int stageSeconds;

    @Option(
            names = "--warmup",
            defaultValue = "auto",
            description = "auto (until the JIT is idle; needs the" + " cluster file), a duration (60s), or 0")
    String warmup;

    @Option(names = "--warmup-max", defaultValue = "300s", converter = Durations.class)
    Duration warmupMax;

    @Option(names = "--jit-idle", defaultValue = "0.02", description = "JIT share of a core that counts as idle")
    double jitIdle;

    @Option(names = "--jit-window", defaultValue = "10s", converter = Durations.class)
    Duration jitWindow;

    @Option(
            names = "--stragglers",
            defaultValue = "30s",
            converter = Durations.class,
            description = "wait after a stage's last send for missing answers and deliveries")
    Duration stragglers;

    @Option(names = "--out", description = "report directory (default target/load/<timestamp>)")
    Path out;

    @Option(names = "--io-threads", defaultValue = "1", description = "Netty event-loop threads")
    int ioThreads;

    @Option(names = "--no-progress", description = "no progress bar (also off when output is not a terminal)")
    boolean noProgress;

    @Option(names = "--run-id", description = "prefix of this run's user ids (default: random)")
    String runId;

    @Option(
            names = "--party",
            defaultValue = "1/1",
            description = "k/N: this process is party k of N load processes started together (past one"
                    + " process's open-file cap); they start each stage together and share delivered counts")
    String party;

    @Option(names = "--party-dir", description = "directory the parties meet in (fresh per run; needed with N > 1)")
    Path partyDir;

    ClusterFile clusterFile() {
        Path p = cluster != null ? cluster : Path.of(".im/cluster.json");
        return Files.exists(p) ? ClusterFile.read(p) : null;
    }

    Target target() {
        ClusterFile c = clusterFile();
        List<URI> gateways = new ArrayList<>(urls);
        if (gateways.isEmpty() && c != null) {
            c.gateways().forEach(g -> gateways.add(URI.create(g.ws())));
        }
        if (gateways.isEmpty()) {
            gateways.add(URI.create("ws://127.0.0.1:8081/ws"));
        }
        String id = runId != null ? runId : Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        String spec = tokenSpec(c, gateways.get(0));
        TokenSource tokens = spec.startsWith("secret:")
                ? TokenSource.secretFile(Path.of(spec.substring(7)), tokenTtl)
                : TokenSource.devEndpoint(spec.substring(4), tokenTtl, 32);
        return new Target(gateways, c, tokens, spec, groupUrl(c), outDir(), id, ioThreads, progress());
    }

    boolean progress() {
        return !noProgress && System.console() != null;
    }

    /** {@code secret:<file>} (mint locally) or {@code url:<endpoint>} (fetch). */
    private String tokenSpec(ClusterFile c, URI firstGateway) {
        Path secret = tokenSecretFile;
        if (secret == null
                && tokenUrl == null
                && c != null
                && c.tokenSecretFile() != null
                && Files.exists(Path.of(c.tokenSecretFile()))) {
            secret = Path.of(c.tokenSecretFile());
        }
        if (secret != null) {
            return "secret:" + secret.toAbsolutePath();
        }
        return "url:"
                + (tokenUrl != null
                        ? tokenUrl
                        : "http://" + firstGateway.getHost() + ":" + firstGateway.getPort() + "/dev/token");
    }

    private String groupUrl(ClusterFile c) {
        if (groupUrl != null) {
            return groupUrl;
        }
        return c == null
                ? "http://127.0.0.1:8092"
                : c.service("group-service").map(ClusterFile.Proc::http).orElse("http://127.0.0.1:8092");
    }

    private Path outDir() {
        return out != null
                ? out
                : Path.of("target/load/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    SweepSettings sweep() {
        Duration w = warmup.equals("auto") ? null : Durations.parse(warmup);
        return new SweepSettings(
                rates,
                Duration.ofSeconds(stageSeconds),
                w,
                warmupMax,
                jitIdle,
                jitWindow,
                stragglers,
                progress(),
                parties());
    }

    Parties parties() {
        String[] kn = party.split("/");
        if (kn.length != 2) {
            throw new IllegalArgumentException("--party takes k/N, e.g. 1/2: " + party);
        }
        return new Parties(Integer.parseInt(kn[0].trim()), Integer.parseInt(kn[1].trim()), partyDir);
    }

    Map<String, Object> flags() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rates", rates);
        m.put("stageSeconds", stageSeconds);
        m.put("warmup", warmup);
        if (!party.equals("1/1")) {
            m.put("party", party);
        }
        m.put("gateways", target().gateways().toString());
        return m;
    }
}
