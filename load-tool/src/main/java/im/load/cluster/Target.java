package im.load.cluster;

import im.load.auth.TokenSource;
import im.load.proc.CpuSampler;
import im.load.proc.ProcFs;
import im.load.proc.Watched;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run is pointed at and where it reports: bootstrap gateway URLs, the token source, the
 * group-service URL ({@code tokenSpec}: the token source as child processes are told it, {@code
 * secret:<file>} or {@code url:<endpoint>}), the cluster file (local runs: PIDs for CPU and memory; null for a remote
 * deployment) and the output directory.
 */
public record Target(
        List<URI> gateways,
        ClusterFile cluster,
        TokenSource tokens,
        String tokenSpec,
        String groupUrl,
        Path out,
        String runId,
        int ioThreads,
        boolean progress) {

    /** A sampler over every process of the cluster file plus this tool (and its children); null without one. */
    public CpuSampler sampler() {
        if (cluster == null) {
            return null;
        }
        List<Watched> w = new ArrayList<>();
        for (ClusterFile.Proc p : cluster.processes()) {
            if (p.pid() > 0 && ProcessHandle.of(p.pid()).isPresent()) {
                w.add(new Watched(p.name(), p.pid(), p.withChildren(), p.service()));
            }
        }
        w.add(new Watched("load-tool", ProcessHandle.current().pid(), true, false));
        return new CpuSampler(ProcFs.system(), w, CpuSampler.clockTicks());
    }

    /** The bootstrap URL for the {@code i}-th connection: round robin over the gateways given. */
    public URI gateway(int i) {
        return gateways.get(i % gateways.size());
    }
}
