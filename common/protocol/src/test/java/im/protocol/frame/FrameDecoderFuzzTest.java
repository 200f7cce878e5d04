package im.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import im.protocol.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the frame decoder for a bounded number of tries (part of every build): arbitrary text,
 * structure-aware frames built from the protocol's field names with values of every JSON type, and
 * mutations of the corpus in {@code src/test/resources/fuzz/frames}. Whatever comes in, the decoder
 * answers with a frame or a refusal with a documented code, never an exception; a frame it takes
 * writes back to the same frame; an echoed ref is valid JSON.
 */
class FrameDecoderFuzzTest {

    private static final Set<ErrorCode> DOCUMENTED = Set.of(ErrorCode.MALFORMED_FRAME, ErrorCode.VALIDATION_FAILED);
    private static final List<String> NAMES = List.of(
            "type",
            "ref",
            "to",
            "group",
            "clientMsgId",
            "body",
            "conv",
            "afterConv",
            "after",
            "before",
            "limit",
            "seq",
            "users",
            "extra");
    private static final List<String> TYPES =
            List.of("ping", "subscribe", "unsubscribe", "send", "sync", "ack", "pong");
    private static final List<String> CORPUS = corpus();
    private static final String INSERTS = "\"{}[],:\\0u\ud800\udc00 1e";

    private final FrameCodec codec = new FrameCodec(Limits.defaults());

    @Property(tries = 3000)
    void anyTextGetsAFrameOrADocumentedRefusal(@ForAll String text) {
        check(text);
    }

    @Property(tries = 3000)
    void anyFrameShapedObjectGetsAFrameOrADocumentedRefusal(@ForAll("frames") String text) {
        check(text);
    }

    @Property(tries = 3000)
    void mutationsOfTheCorpusGetAFrameOrADocumentedRefusal(@ForAll("mutations") String text) {
        check(text);
    }

    private void check(String text) {
        Decoded d = codec.decode(text);
        assertThat(d.frame() == null).isNotEqualTo(d.refusal() == null);
        if (d.ok()) {
            assertThat(codec.decode(FrameCodec.encode(d.frame())).frame()).isEqualTo(d.frame());
        } else {
            assertThat(d.refusal().code()).isIn(DOCUMENTED);
            assertThat(d.refusal().message()).isNotBlank();
            if (d.refusal().ref() != null) {
                Decoded echo = codec.decode(
                        "{\"type\":\"ping\",\"ref\":" + d.refusal().ref().json() + "}");
                assertThat(echo.ok()).isTrue();
            }
            FrameCodec.decodeServer(FrameCodec.encode(d.refusal().toFrame()));
        }
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<Map<String, String>> fields =
                Arbitraries.maps(Arbitraries.of(NAMES), values()).ofMaxSize(8);
        return Combinators.combine(Arbitraries.of(TYPES), fields).as((type, map) -> {
            StringBuilder out = new StringBuilder("{\"type\":").append(JsonText.quote(type));
            map.forEach((k, v) -> {
                if (!k.equals("type")) {
                    out.append(',').append(JsonText.quote(k)).append(':').append(v);
                }
            });
            return out.append('}').toString();
        });
    }

    private static Arbitrary<String> values() {
        Arbitrary<String> strings = Arbitraries.strings()
                .ofMaxLength(70)
                .withCharRange('\u0000', '\uffff')
                .map(JsonText::quote);
        Arbitrary<String> ids = Arbitraries.of(
                "\"bob\"",
                "\"d:a:b\"",
                "\"d:b:a\"",
                "\"g:6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11\"",
                "\"6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11\"",
                "\"a:b\"",
                "\"\"",
                "\"\\ud800\"");
        Arbitrary<String> numbers =
                Arbitraries.of("0", "1", "-1", "500", "501", "1.5", "1e3", "99999999999999999999", "-0");
        Arbitrary<String> others =
                Arbitraries.of("null", "true", "false", "[]", "{}", "[\"a\",\"b\"]", "[1,null]", "{\"a\":[1]}");
        return Arbitraries.oneOf(strings, ids, numbers, others);
    }

    @Provide
    Arbitrary<String> mutations() {
        return Combinators.combine(Arbitraries.of(CORPUS), Arbitraries.longs()).as(FrameDecoderFuzzTest::mutate);
    }

    /** A few random byte-level edits: replace, insert, delete, duplicate a slice, truncate. */
    static String mutate(String seed, long randomSeed) {
        Random r = new Random(randomSeed);
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

    private static List<String> corpus() {
        Path dir = Path.of("src/test/resources/fuzz/frames");
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted()
                    .map(f -> {
                        try {
                            return Files.readString(f, StandardCharsets.UTF_8).strip();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the fuzz corpus is in " + dir.toAbsolutePath(), e);
        }
    }
}
