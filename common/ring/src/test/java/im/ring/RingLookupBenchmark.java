package im.ring;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** JMH: one ring lookup including hashing the key ({@code ./im ring-jmh}). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingLookupBenchmark {

    @Param({"10", "50"})
    int nodes;

    @Param({"512"})
    int virtualNodes;

    private Ring ring;
    private String[] keys;
    private int next;

    @Setup
    public void setUp() {
        List<String> ids = IntStream.range(0, nodes).mapToObj(i -> "gw-" + i).toList();
        ring = Ring.of(ids, virtualNodes);
        keys = IntStream.range(0, 1 << 16).mapToObj(i -> "user-" + i).toArray(String[]::new);
    }

    @Benchmark
    public String nodeFor() {
        next = (next + 1) & (keys.length - 1);
        return ring.nodeFor(keys[next]);
    }

    @Benchmark
    public List<String> owners3() {
        next = (next + 1) & (keys.length - 1);
        return ring.owners(keys[next], 3);
    }
}
