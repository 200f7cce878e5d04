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

    static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    static final List<String> KEYS =
            List.of("alice", "bob", "user-0", "user-1", "user-42", "user-999999", "用户-7", "", "x".repeat(40));

    private RingVectors() {}

    static Map<String, Object> generate() {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(ringCase(members("gw-0", 1, "gw-1", 1, "gw-2", 1), 4));
        cases.add(ringCase(members("gw-0", 1, "gw-1", 1, "gw-2", 1), Ring.DEFAULT_VIRTUAL_NODES));
        cases.add(ringCase(members("a", 1, "b", 2, "c", 3), 16));
        cases.add(ringCase(members("gw-0", 1, "gw-1", 1, "gw-2", 1, "gw-3", 1, "gw-4", 1), 160));
        cases.add(ringCase(members("only-node", 1), 8));
        cases.add(ringCase(members("node-é", 2, "node-e", 1), 32));

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
        Ring ring = Ring.of(members, virtualNodes);
        List<Map<String, Object>> lookups = new ArrayList<>();
        for (String key : KEYS) {
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
