package im.load.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {

    @TempDir
    Path tmp;

    @Test
    void parsesAStatLineWhoseCommandHasSpacesAndParentheses() {
        ProcStat s = ProcStat.parse(
                "101 (postgres: im im 127.0.0.1(5) idle) S 100 100 100 0 -1 4194560 1 0 0 0 40 10 2 3 20 0 1 0\n");
        assertThat(s.pid()).isEqualTo(101);
        assertThat(s.comm()).isEqualTo("postgres: im im 127.0.0.1(5) idle");
        assertThat(s.ppid()).isEqualTo(100);
        assertThat(s.ownTicks()).isEqualTo(50);
        assertThat(s.ticksWithReapedChildren()).isEqualTo(55);
    }

    @Test
    void machineBusyLeavesOutIdleAndIowait() {
        MachineStat m = MachineStat.parse("cpu  1000 10 500 8000 100 5 5 2 0 0\ncpu0 1 1 1 1\n");
        assertThat(m.busyTicks()).isEqualTo(1000 + 10 + 500 + 5 + 5 + 2);
        assertThat(m.idleTicks()).isEqualTo(8100);
    }

    @Test
    void readsRssThreadsAndDescendantsFromTheFixture() throws IOException {
        ProcFs fs = new ProcFs(fixture());
        assertThat(fs.rssBytes(200)).isEqualTo(262144L * 1024);
        assertThat(fs.rssBytes(999)).isEqualTo(-1);
        assertThat(fs.threads(200))
                .extracting(ProcStat::comm)
                .containsExactlyInAnyOrder("C2 CompilerThre", "C1 CompilerThre", "http-nio-8081-exec-1");
        assertThat(fs.descendants(100)).extracting(ProcStat::pid).containsExactly(101);
    }

    @Test
    void cpuPerProcessCountsChildrenCompilerThreadsAndTheRestOfTheMachine() throws IOException {
        Path proc = fixture();
        CpuSampler sampler = new CpuSampler(
                new ProcFs(proc),
                List.of(new Watched("postgres", 100, true, false), new Watched("gw-1", 200, false, true)),
                100);
        CpuSnapshot before = sampler.snapshot();
        // postgres: own 30+20, reaped children 7+3, live backend 40+10 = 110 ticks
        assertThat(before.ticks()).containsEntry("postgres", 110L).containsEntry("gw-1", 400L);
        assertThat(before.jitTicks()).containsEntry("gw-1", 150L);

        bump(proc.resolve("101/stat"), 40, 90); // backend +50 ticks
        bump(proc.resolve("200/stat"), 300, 400); // JVM +100
        bump(proc.resolve("200/task/201/stat"), 120, 170); // C2 +50
        Files.writeString(proc.resolve("stat"), "cpu  1300 10 500 8000 100 5 5 0 0 0\n"); // machine +300
        CpuSnapshot after = sampler.snapshot();

        Map<String, Double> secs = after.secondsSince(before, 100);
        assertThat(secs.get("postgres")).isCloseTo(0.5, within(1e-9));
        assertThat(secs.get("gw-1")).isCloseTo(1.0, within(1e-9));
        assertThat(secs.get(CpuSnapshot.OTHER)).isCloseTo(1.5, within(1e-9));
        assertThat(after.jitSecondsSince(before, 100).get("gw-1")).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void compilerThreadsAreRecognisedByTheirTruncatedNames() {
        assertThat(CpuSampler.isCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(CpuSampler.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(CpuSampler.isCompilerThread("G1 Conc#0")).isFalse();
    }

    /** The fixture under src/test/resources/proc, copied so a test can change it. */
    private Path fixture() throws IOException {
        Path src = Path.of("src/test/resources/proc");
        Path dst = tmp.resolve("proc");
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    /** Replaces the utime field value {@code from} by {@code to} in a stat file. */
    private static void bump(Path stat, long from, long to) throws IOException {
        String s = Files.readString(stat);
        int close = s.lastIndexOf(')');
        String[] f = s.substring(close + 2).trim().split(" +");
        assertThat(f[11]).isEqualTo(String.valueOf(from));
        f[11] = String.valueOf(to);
        Files.writeString(stat, s.substring(0, close + 2) + String.join(" ", f) + "\n");
    }
}
