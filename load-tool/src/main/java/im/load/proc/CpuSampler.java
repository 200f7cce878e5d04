package im.load.proc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Takes {@link CpuSnapshot}s of a fixed set of processes from a proc file system. */
public final class CpuSampler {

    private final ProcFs fs;
    private final List<Watched> watched;
    private final double ticksPerSecond;

    public CpuSampler(ProcFs fs, List<Watched> watched, double ticksPerSecond) {
        this.fs = fs;
        this.watched = List.copyOf(watched);
        this.ticksPerSecond = ticksPerSecond;
    }

    public List<Watched> watched() {
        return watched;
    }

    public double ticksPerSecond() {
        return ticksPerSecond;
    }

    public CpuSnapshot snapshot() {
        long now = System.nanoTime();
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, Long> jit = new LinkedHashMap<>();
        for (Watched w : watched) {
            ticks.merge(w.name(), ticksOf(w), Long::sum);
            if (w.jvm()) {
                jit.put(w.name(), jitTicks(w.pid()));
            }
        }
        return new CpuSnapshot(now, ticks, jit, fs.machine().busyTicks());
    }

    private long ticksOf(Watched w) {
        long own = fs.stat(w.pid())
                .map(s -> w.withChildren() ? s.ticksWithReapedChildren() : s.ownTicks())
                .orElse(0L);
        if (!w.withChildren()) {
            return own;
        }
        return own
                + fs.descendants(w.pid()).stream().mapToLong(ProcStat::ownTicks).sum();
    }

    /** CPU of the HotSpot compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}). */
    long jitTicks(long pid) {
        return fs.threads(pid).stream()
                .filter(t -> isCompilerThread(t.comm()))
                .mapToLong(ProcStat::ownTicks)
                .sum();
    }

    static boolean isCompilerThread(String comm) {
        return comm.startsWith("C2 CompilerThre") || comm.startsWith("C1 CompilerThre");
    }

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on every Linux this tool has met. */
    public static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (Exception e) {
            return 100;
        }
    }
}
