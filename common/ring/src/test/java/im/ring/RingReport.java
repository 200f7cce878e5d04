package im.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Prints balance, movement and lookup cost of the ring ({@code ./im ring-report}). Options:
 * {@code --keys M} (default 1,000,000), {@code --nodes 3,5,10,50}, {@code --vnodes 4,16,64,160,256,512,1024},
 * {@code --layouts L} random node-name layouts for the p99 column (default 200).
 */
final class RingReport {

    private RingReport() {}

    public static void main(String[] args) {
        int keys = 1_000_000;
        int layouts = 200;
        int[] nodeCounts = {3, 5, 10, 50};
        int[] vnodes = {4, 16, 64, 160, 256, 512, 1024};
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--keys" -> keys = Integer.parseInt(args[i + 1]);
                case "--layouts" -> layouts = Integer.parseInt(args[i + 1]);
                case "--nodes" -> nodeCounts = ints(args[i + 1]);
                case "--vnodes" -> vnodes = ints(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String[] keyNames = IntStream.range(0, keys).mapToObj(i -> "user-" + i).toArray(String[]::new);
        System.out.printf(
                "keys user-0..user-%d, nodes gw-0..gw-(N-1) weight 1; p99 column over %d random layouts%n",
                keys - 1, layouts);
        System.out.println(
                "| N | V | max/mean | stddev/mean | max/mean p99 (layouts) | moved on remove | ideal | excess | moved on add | ideal | excess | lookup ns/op |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int n : nodeCounts) {
            for (int v : vnodes) {
                row(keyNames, n, v, layouts);
            }
        }
    }

    private static void row(String[] keys, int n, int v, int layouts) {
        List<String> nodes = IntStream.range(0, n).mapToObj(i -> "gw-" + i).toList();
        Ring ring = Ring.of(nodes, v);
        String[] owner = new String[keys.length];
        int[] counts = new int[n];
        for (int i = 0; i < keys.length; i++) {
            owner[i] = ring.nodeFor(keys[i]);
            counts[nodes.indexOf(owner[i])]++;
        }
        double mean = (double) keys.length / n;
        double max = Arrays.stream(counts).max().orElse(0) / mean;
        double var =
                Arrays.stream(counts).mapToDouble(c -> (c - mean) * (c - mean)).sum() / n;

        // Remove the last node; add gw-N. "Excess" counts keys that moved but did not have to.
        String removed = nodes.get(n - 1);
        Ring shrunk = Ring.of(nodes.subList(0, n - 1), v);
        Ring grown = Ring.of(concat(nodes, "gw-" + n), v);
        long movedRemove = 0;
        long mustRemove = 0;
        long movedAdd = 0;
        long toNew = 0;
        for (int i = 0; i < keys.length; i++) {
            boolean wasRemoved = owner[i].equals(removed);
            mustRemove += wasRemoved ? 1 : 0;
            if (n > 1 && !shrunk.nodeFor(keys[i]).equals(owner[i])) {
                movedRemove++;
            }
            String now = grown.nodeFor(keys[i]);
            if (!now.equals(owner[i])) {
                movedAdd++;
                toNew += now.equals("gw-" + n) ? 1 : 0;
            }
        }
        System.out.printf(
                "| %d | %d | %.3f | %.3f | %.3f | %.4f | %.4f | %d | %.4f | %.4f | %d | %.0f |%n",
                n,
                v,
                max,
                Math.sqrt(var) / mean,
                layoutP99(n, v, layouts),
                (double) movedRemove / keys.length,
                (double) mustRemove / keys.length,
                n > 1 ? movedRemove - mustRemove : 0,
                (double) movedAdd / keys.length,
                1.0 / (n + 1),
                movedAdd - toNew,
                lookupNanos(ring, keys));
    }

    /** 99th percentile of busiest-share/mean-share over random node names (hash-space shares). */
    private static double layoutP99(int n, int v, int layouts) {
        Random random = new Random(42);
        double[] worst = new double[layouts];
        for (int l = 0; l < layouts; l++) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("node-" + Long.toHexString(random.nextLong()));
            }
            worst[l] = Ring.of(names, v).shares().values().stream()
                            .mapToDouble(Double::doubleValue)
                            .max()
                            .orElse(0)
                    * n;
        }
        Arrays.sort(worst);
        return worst[(int) Math.ceil(0.99 * layouts) - 1];
    }

    private static double lookupNanos(Ring ring, String[] keys) {
        long sink = 0;
        for (int round = 0; round < 3; round++) { // warm-up
            for (String k : keys) {
                sink += ring.nodeFor(k).length();
            }
        }
        long t0 = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            for (String k : keys) {
                sink += ring.nodeFor(k).length();
            }
        }
        long t1 = System.nanoTime();
        if (sink == 42) {
            System.out.print("");
        }
        return (t1 - t0) / (3.0 * keys.length);
    }

    private static List<String> concat(List<String> list, String extra) {
        List<String> out = new ArrayList<>(list);
        out.add(extra);
        return out;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
