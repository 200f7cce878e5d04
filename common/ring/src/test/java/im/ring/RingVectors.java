package im.ring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates {@code docs/ring-vectors.json} from the implementation ({@code ./im ring-vectors}).
 * {@link RingVectorsTest} re-checks the committed file, so a change of mapping cannot go unnoticed.
 */
final class RingVectors {

    /** docs/ring-vectors.json, found from the repository root or any module below it (Surefire's cwd). */
    static final Path FILE = docs().resolve("ring-vectors.json");

    private static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs folder above " + Path.of("").toAbsolutePath());
    }

    // Non-ASCII characters as JSON escapes: unpaired surrogates in keys and node ids survive the file.
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(tools.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    static final List<String> KEYS = List.of(
            "alice",
            "bob",
            "user-0",
            "user-1",
            "user-42",
            "user-999999",
            "用户-7",
            "",
            "x".repeat(40),
            "lone-\ud800",
            "\udc00-lone",
            "pair-\ud83d\ude00");

    private RingVectors() {}

    static Map<String, Object> generate() {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(ringCase(members("gw-0", 1, "gw-1", 1, "gw-2", 1), 4));
        cases.add(ringCase(members("gw-0", 1, "gw-1", 1, "gw-2", 1), Ring.DEFAULT_VIRTUAL_NODES));
        cases.add(ringCase(members("a", 1, "b", 2, "c", 3), 16));
        cases.add(ringCase(members("gw-0", 1, "gw-1", 1, "gw-2", 1, "gw-3", 1, "gw-4", 1), 160));
        cases.add(ringCase(members("only-node", 1), 8));
        cases.add(ringCase(members("node-é", 2, "node-e", 1), 32));
        // UTF-16 order puts U+1F600 (a surrogate pair) before U+FF61; UTF-8 byte order puts it after.
        cases.add(ringCase(members("node-\uff61", 1, "node-\ud83d\ude00", 2), 8));
        // An unpaired surrogate in a node id encodes as '?', like in a key.
        cases.add(ringCase(members("node-\ud800", 1, "node-?", 1, "node-a", 1), 8));
        Map<String, Integer> three = members("gw-0", 1, "gw-1", 1, "gw-2", 1);
        // A key above the largest point wraps to the first point (found by search over the points as
        // the spec computes them); a key whose hash has the top bit set (negative if read signed).
        cases.add(ringCase(
                three,
                4,
                List.of(
                        find("wrap-", k -> Long.compareUnsigned(Murmur3.hash64(k), max(points(three, 4))) > 0),
                        find("high-", k -> Murmur3.hash64(k) < 0))));
        // A signature whose hex starts with 0 (the digits are zero-padded to 16).
        for (int n = 0; ; n++) {
            Map<String, Integer> m = members("sig-" + n, 1, "gw-1", 1);
            if (Ring.of(m, 4).signature().startsWith("0")) {
                cases.add(ringCase(m, 4));
                break;
            }
        }

        List<Map<String, Object>> hashes = new ArrayList<>();
        for (String key : KEYS) {
            hashes.add(Map.of("key", key, "hash64", Long.toUnsignedString(Murmur3.hash64(key))));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("spec", "docs/ring-spec.md");
        root.put("keyHashes", hashes);
        root.put("cases", cases);
        return root;
    }

    private static Map<String, Object> ringCase(Map<String, Integer> members, int virtualNodes) {
        return ringCase(members, virtualNodes, List.of());
    }

    private static Map<String, Object> ringCase(Map<String, Integer> members, int virtualNodes, List<String> extra) {
        Ring ring = Ring.of(members, virtualNodes);
        List<Map<String, Object>> lookups = new ArrayList<>();
        List<String> keys = new ArrayList<>(KEYS);
        keys.addAll(extra);
        for (String key : keys) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("key", key);
            l.put("owner", ring.nodeFor(key));
            l.put("owners3", ring.owners(key, 3));
            lookups.add(l);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("members", members);
        c.put("virtualNodes", virtualNodes);
        c.put("signature", ring.signature());
        c.put("lookups", lookups);
        return c;
    }

    /** The first {@code prefix<n>} that {@code wanted} accepts. */
    private static String find(String prefix, java.util.function.Predicate<String> wanted) {
        for (int n = 0; ; n++) {
            if (wanted.test(prefix + n)) {
                return prefix + n;
            }
        }
    }

    /**
     * The ring's points computed from the spec, independently of {@link Ring}: {@code H(UTF8(id) ||
     * int32_be(r))} for each node and replica, with each node's index in UTF-8 order.
     */
    private static List<long[]> points(Map<String, Integer> members, int virtualNodes) {
        List<String> ids = new ArrayList<>(members.keySet());
        ids.sort((a, b) -> java.util.Arrays.compareUnsigned(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<long[]> out = new ArrayList<>();
        for (int n = 0; n < ids.size(); n++) {
            byte[] id = ids.get(n).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int r = 0; r < members.get(ids.get(n)) * virtualNodes; r++) {
                byte[] input = java.util.Arrays.copyOf(id, id.length + 4);
                java.nio.ByteBuffer.wrap(input, id.length, 4).putInt(r);
                out.add(new long[] {Murmur3.hash64(input, 0, input.length), n});
            }
        }
        return out;
    }

    private static long max(List<long[]> points) {
        return points.stream()
                .mapToLong(p -> p[0])
                .reduce((a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b)
                .orElseThrow();
    }

    private static Map<String, Integer> members(Object... idWeight) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < idWeight.length; i += 2) {
            m.put((String) idWeight[i], (Integer) idWeight[i + 1]);
        }
        return m;
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n");
        System.out.println("wrote " + FILE.toAbsolutePath().normalize());
    }
}
