package im.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.TestTokens;
import im.protocol.ErrorCode;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bounded fuzz of every client-facing REST input (a few hundred requests per test, part of the test
 * command): request bodies generated from the API's field names with values of every JSON type,
 * mutations of the corpus in {@code src/test/resources/fuzz/rest} (first line {@code METHOD /path},
 * then the body), arbitrary text; and arbitrary path and query values on every client-facing path.
 * Whatever comes in, the answer is a success or an RFC 9457 problem with a catalogued code and no Java
 * name, never a 5xx; afterwards the cluster still carries a normal message across gateways.
 *
 * <p>The requests act as a user of their own, so a fuzzed block or group change cannot touch the
 * users that check the cluster still serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestFuzzIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Set<String> CODES =
            Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
    private static final List<String> FIELDS = List.of("name", "users", "role", "owner", "id", "extra");
    private static final String INSERTS = "\"{}[],:\\u0 1e\ud800\udc00";

    private final TestCluster cluster = SecuredCluster.get().cluster;
    private final String fuzzer = "fuzzer-" + UUID.randomUUID().toString().substring(0, 8);
    private final String token = TestTokens.mint(fuzzer);
    private String ann;
    private String bob;
    private TestClient annWs;
    private TestClient bobWs;
    private String group;
    private int requests;

    @BeforeAll
    void connect() {
        ann = cluster.userOn("gw-1", "fz-ann");
        bob = cluster.userOn("gw-2", "fz-bob");
        annWs = cluster.connect(ann, "phone");
        bobWs = cluster.connect(bob, "phone");
        group = Rest.call("POST", cluster.groupUrl() + "/groups", token, "{\"name\":\"fuzz\"}")
                .json()
                .path("id")
                .asString();
    }

    @AfterAll
    void close() {
        annWs.close();
        bobWs.close();
        System.out.printf("[fuzz] %d REST requests, each answered as documented%n", requests);
    }

    @Test
    void fuzzedRequestBodiesNeverGetAServerErrorOrAnUncataloguedAnswer() {
        List<Seed> corpus = corpus();
        List<String> bodyPaths = corpus.stream().map(Seed::path).distinct().toList();
        Random random = new Random(42);
        for (String body : Arbitraries.of(corpus)
                .flatMap(seed -> Arbitraries.longs().map(r -> mutate(seed.body(), new Random(r))))
                .sampleStream()
                .limit(150)
                .toList()) {
            post(bodyPaths.get(random.nextInt(bodyPaths.size())), body);
        }
        bodies().sampleStream().limit(150).forEach(b -> post(bodyPaths.get(random.nextInt(bodyPaths.size())), b));
        Arbitraries.strings().ofMaxLength(200).sampleStream().limit(50).forEach(b -> post("/groups", b));
        stillServes();
    }

    @Test
    void fuzzedPathAndQueryValuesNeverGetAServerErrorOrAnUncataloguedAnswer() {
        String g = cluster.groupUrl();
        String p = cluster.presenceUrl();
        List<Function<String, String[]>> targets = List.of(
                v -> new String[] {"GET", g + "/groups/" + v},
                v -> new String[] {"GET", g + "/groups/" + group + "/members?afterUser=" + v + "&limit=" + v},
                v -> new String[] {"PUT", g + "/groups/" + group + "/members/" + v + "?role=" + v},
                v -> new String[] {"PUT", g + "/groups/" + group + "/members/fz-" + v.length() + "?role=" + v},
                v -> new String[] {"DELETE", g + "/groups/" + group + "/members/" + v},
                v -> new String[] {"GET", g + "/me/groups?afterGroup=" + v + "&limit=" + v},
                v -> new String[] {"GET", p + "/presence/" + v},
                v -> new String[] {"GET", p + "/presence?users=" + v},
                v -> new String[] {"PUT", p + "/me/blocks/" + v},
                v -> new String[] {"DELETE", p + "/me/blocks/" + v});
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(150),
                Arbitraries.strings().withChars("abc-_.@+:,%/\\?#&=").ofMaxLength(20),
                Arbitraries.of("", "0", "-1", "1001", "99999999999999999999", "ADMIN", "OWNER", "null"));
        Random random = new Random(7);
        values.sampleStream().limit(300).forEach(v -> {
            String[] request =
                    targets.get(random.nextInt(targets.size())).apply(URLEncoder.encode(v, StandardCharsets.UTF_8));
            check(request[0] + " " + request[1], Rest.call(request[0], request[1], token, null));
        });
        stillServes();
    }

    private void post(String path, String body) {
        String url = cluster.groupUrl() + path.replace("{group}", group);
        check("POST " + url + " " + body, Rest.call("POST", url, token, body.replace("{other}", bob)));
    }

    private void check(String what, Rest.Answer a) {
        requests++;
        assertThat(a.status()).as(what + " -> " + a.body()).isBetween(200, 499);
        if (a.status() >= 400) {
            assertThat(a.contentType()).as(what).startsWith("application/problem+json");
            assertThat(a.code()).as(what).isIn(CODES);
            assertThat(a.json().path("detail").asString())
                    .as(what)
                    .doesNotContain("java.")
                    .doesNotContain("Exception")
                    .doesNotContain("im.");
        }
    }

    /** Objects of the API's field names (and one it does not know) with values of every JSON type. */
    private static Arbitrary<String> bodies() {
        Arbitrary<String> strings = Arbitraries.strings()
                .ofMaxLength(40)
                .withCharRange('\u0000', '\uffff')
                .map(RestFuzzIT::quote);
        Arbitrary<String> ids =
                Arbitraries.of("\"{other}\"", "\"a:b\"", "\"\"", "\"MEMBER\"", "\"ADMIN\"", "\"OWNER\"");
        Arbitrary<String> scalars = Arbitraries.of("null", "true", "0", "-1", "1.5", "1e309", "{}", "[]");
        Arbitrary<String> values = Arbitraries.oneOf(strings, ids, scalars);
        Arbitrary<String> lists = values.list().ofMaxSize(6).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<Map<String, String>> fields = Arbitraries.maps(
                        Arbitraries.of(FIELDS), Arbitraries.oneOf(values, lists))
                .ofMaxSize(4);
        return Combinators.combine(fields, Arbitraries.of("", "{", "}", " ,"))
                .as((map, tail) -> map.entrySet().stream()
                                .map(e -> quote(e.getKey()) + ":" + e.getValue())
                                .collect(Collectors.joining(",", "{", "}"))
                        + tail);
    }

    /** A few random edits: replace, insert a JSON-significant character, delete, duplicate, cut. */
    static String mutate(String seed, Random r) {
        StringBuilder s = new StringBuilder(seed);
        for (int edits = 1 + r.nextInt(4); edits > 0 && s.length() > 0; edits--) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(5)) {
                case 0 -> s.setCharAt(at, (char) r.nextInt(0x80));
                case 1 -> s.insert(at, INSERTS.charAt(r.nextInt(INSERTS.length())));
                case 2 -> s.deleteCharAt(at);
                case 3 -> s.insert(at, s.substring(at, Math.min(s.length(), at + 1 + r.nextInt(8))));
                default -> s.setLength(at);
            }
        }
        return s.toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A corpus entry: where it is posted and its body. */
    record Seed(String path, String body) {}

    private static List<Seed> corpus() {
        Path dir = Path.of("src/test/resources/fuzz/rest");
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted()
                    .map(f -> {
                        try {
                            String[] lines =
                                    Files.readString(f, StandardCharsets.UTF_8).split("\n", 2);
                            return new Seed(lines[0].strip().split(" ", 2)[1], lines[1].strip());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the fuzz corpus is in " + dir.toAbsolutePath(), e);
        }
    }

    /** A normal message still goes from a user on gw-1 to a user on gw-2, stored and pushed. */
    private void stillServes() {
        annWs.sendAndAwaitDelivery(bob, bobWs, WAIT);
    }
}
