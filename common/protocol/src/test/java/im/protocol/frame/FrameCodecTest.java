package im.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import im.protocol.ErrorCode;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading client frames: every rule of docs/protocol.md, and what a refusal carries. */
class FrameCodecTest {

    private final FrameCodec codec = new FrameCodec(new Limits(20));

    private Refusal refused(String text) {
        Decoded d = codec.decode(text);
        assertThat(d.ok()).as(text).isFalse();
        return d.refusal();
    }

    private ClientFrame frame(String text) {
        Decoded d = codec.decode(text);
        assertThat(d.refusal()).as(text).isNull();
        return d.frame();
    }

    @Test
    void aFrameWithoutAStringTypeIsMalformedAndStillCarriesItsRef() {
        Refusal noType = refused("{\"ref\":7}");
        assertThat(noType.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(noType.ref()).isEqualTo(new Ref("7"));
        Refusal numericType = refused("{\"type\":5,\"ref\":8}");
        assertThat(numericType.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(numericType.ref()).isEqualTo(new Ref("8"));
        assertThat(refused("{\"type\":\"nope\",\"ref\":\"r\"}").ref()).isEqualTo(new Ref("\"r\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "\"ping\"", "{\"type\":\"ping\"", "{\"type\":\"ping\"} x"})
    void whatIsNotOneJsonObjectIsMalformed(String text) {
        assertThat(refused(text).code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void aDuplicatedFieldOrDeepNestingIsMalformed() {
        assertThat(refused("{\"type\":\"ping\",\"type\":\"send\",\"ref\":9}").ref())
                .isEqualTo(new Ref("9"));
        assertThat(refused("{\"type\":\"send\",\"to\":\"a\",\"to\":\"b\"}").message())
                .contains("twice");
        String deep = "[".repeat(40) + "]".repeat(40);
        assertThat(refused("{\"type\":\"ping\",\"ref\":" + deep + "}").code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void theRefIsEchoedExactlyAsSent() {
        for (String ref : List.of("\"a\\\"b\\u00e9\"", "-1.5e3", "true", "{\"k\":[1,{\"x\":null}]}", "[ 1, 2 ]")) {
            ClientFrame f = frame("{\"type\":\"ping\",\"ref\":" + ref + "}");
            assertThat(f.ref().json()).isEqualTo(ref);
            assertThat(FrameCodec.encode(new ServerFrame.Pong(f.ref())))
                    .isEqualTo("{\"type\":\"pong\",\"ref\":" + ref + "}");
        }
        assertThat(frame("{\"type\":\"ping\",\"ref\":null}").ref()).isNull();
        Refusal tooLong = refused("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(300) + "\"}");
        assertThat(tooLong.message()).contains("ref");
        assertThat(tooLong.ref()).isNull();
    }

    @Test
    void aSendNamesOneRecipientAValidIdAndABodyOfValidUnicode() {
        ClientFrame.Send s = (ClientFrame.Send)
                frame("{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"c1\",\"body\":\"hi\",\"x\":1}");
        assertThat(s.to()).isEqualTo("bob");
        assertThat(s.toGroup()).isFalse();
        String group = "6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11";
        assertThat(((ClientFrame.Send) frame(
                                "{\"type\":\"send\",\"group\":\"" + group + "\",\"clientMsgId\":\"c\",\"body\":\"\"}"))
                        .group())
                .isEqualTo(group);
        assertInvalid("{\"type\":\"send\",\"clientMsgId\":\"c\",\"body\":\"b\"}", "exactly one");
        assertInvalid(
                "{\"type\":\"send\",\"to\":\"bob\",\"group\":\"" + group + "\",\"clientMsgId\":\"c\",\"body\":\"b\"}",
                "exactly one");
        assertInvalid("{\"type\":\"send\",\"to\":\"a:b\",\"clientMsgId\":\"c\",\"body\":\"b\"}", "user id");
        assertInvalid(
                "{\"type\":\"send\",\"group\":\"6C1E0A8E-5B1F-4C1A-9A57-0B8F5B0D2F11\",\"clientMsgId\":\"c\",\"body\":\"b\"}",
                "group id");
        assertInvalid("{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"\",\"body\":\"b\"}", "clientMsgId");
        assertInvalid(
                "{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"" + "c".repeat(65) + "\",\"body\":\"b\"}",
                "clientMsgId");
        assertInvalid("{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"c\",\"body\":7}", "'body' must be a string");
        assertInvalid("{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"c\",\"body\":\"x\\u0000y\"}", "U+0000");
        assertInvalid("{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"c\",\"body\":\"x\\ud800y\"}", "surrogate");
        assertInvalid("{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"c\",\"body\":\"x\\udc00\"}", "surrogate");
        assertInvalid(
                "{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"c\",\"body\":\"" + "b".repeat(21) + "\"}",
                "exceeds 20");
        // A pair is fine; the limit counts UTF-16 code units.
        assertThat(frame("{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"c\",\"body\":\"\\ud83d\\ude00"
                        + "b".repeat(18) + "\"}"))
                .isNotNull();
    }

    @Test
    void aRefusedSendNamesItsClientMessageId() {
        Refusal r = refused("{\"type\":\"send\",\"to\":\"a:b\",\"clientMsgId\":\"mine\",\"body\":\"b\",\"ref\":1}");
        assertThat(r.clientMsgId()).isEqualTo("mine");
        assertThat(r.ref()).isEqualTo(new Ref("1"));
        assertThat(FrameCodec.encode(r.toFrame()))
                .contains("\"clientMsgId\":\"mine\"")
                .contains("\"ref\":1")
                .contains("\"code\":\"validation_failed\"");
    }

    @Test
    void syncTakesAConversationAndIntegersOrListsConversations() {
        ClientFrame.Sync s = (ClientFrame.Sync) frame("{\"type\":\"sync\",\"conv\":\"d:a:b\",\"after\":3,\"limit\":7}");
        assertThat(s.after()).isEqualTo(3);
        assertThat(s.limit()).isEqualTo(7);
        assertThat(((ClientFrame.Sync) frame("{\"type\":\"sync\",\"conv\":\"d:a:b\",\"before\":9}")).before())
                .isEqualTo(9);
        assertThat(frame("{\"type\":\"sync\"}")).isInstanceOf(ClientFrame.SyncAll.class);
        assertInvalid("{\"type\":\"sync\",\"afterConv\":5}", "'afterConv' must be a string");
        assertInvalid("{\"type\":\"sync\",\"conv\":\"d:b:a\"}", "conversation");
        assertInvalid("{\"type\":\"sync\",\"conv\":\"d:a:b\",\"after\":\"3\"}", "'after' must be an integer");
        assertInvalid("{\"type\":\"sync\",\"conv\":\"d:a:b\",\"after\":1.5}", "'after' must be an integer");
        assertInvalid("{\"type\":\"sync\",\"conv\":\"d:a:b\",\"after\":-1}", "'after'");
        assertInvalid("{\"type\":\"sync\",\"conv\":\"d:a:b\",\"after\":1,\"before\":5}", "cannot be combined");
        assertInvalid("{\"type\":\"sync\",\"conv\":\"d:a:b\",\"limit\":0}", "'limit'");
        assertInvalid("{\"type\":\"sync\",\"conv\":\"d:a:b\",\"limit\":501}", "'limit'");
        assertInvalid("{\"type\":\"sync\",\"after\":2}", "need a 'conv'");
    }

    @Test
    void ackTakesAConversationAndAPositiveSeq() {
        assertThat(((ClientFrame.Ack) frame("{\"type\":\"ack\",\"conv\":\"d:a:b\",\"seq\":4}")).seq())
                .isEqualTo(4);
        assertInvalid("{\"type\":\"ack\",\"conv\":\"d:a:b\",\"seq\":0}", "'seq'");
        assertInvalid(
                "{\"type\":\"ack\",\"conv\":\"d:a:b\",\"seq\":99999999999999999999999}", "'seq' must be an integer");
        assertInvalid("{\"type\":\"ack\",\"seq\":4}", "'conv'");
    }

    @Test
    void subscribeTakesOneToFiveHundredValidUserIdsWithoutDuplicates() {
        ClientFrame.Subscribe s =
                (ClientFrame.Subscribe) frame("{\"type\":\"subscribe\",\"users\":[\"a\",\"b\",\"a\"]}");
        assertThat(s.users()).containsExactly("a", "b");
        assertInvalid("{\"type\":\"subscribe\",\"users\":[\"a:b\"]}", "'users'");
        assertInvalid("{\"type\":\"subscribe\",\"users\":[]}", "'users'");
        assertInvalid("{\"type\":\"subscribe\",\"users\":\"a\"}", "'users'");
        assertInvalid("{\"type\":\"subscribe\",\"users\":[1]}", "'users'");
        String many = IntStream.range(0, 501).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));
        assertInvalid("{\"type\":\"unsubscribe\",\"users\":[" + many + "]}", "'users'");
    }

    @Test
    void serverFramesReadBackAsWritten() {
        List<ServerFrame> frames = List.of(
                new ServerFrame.Welcome("s", "u", "gw-1", 25_000, 60_000),
                new ServerFrame.Redirect("gw-2", "ws://h:1/ws?device=a%20b"),
                new ServerFrame.Redirect("gw-2", null),
                new ServerFrame.Pong(Ref.of("r")),
                new ServerFrame.Subscribed(null, List.of("a", "b")),
                new ServerFrame.Presence("a", true, List.of("phone"), null),
                new ServerFrame.Accepted("c", "id", "d:a:b", 3, 99),
                new ServerFrame.Message("id", "d:a:b", 3, "a", "b", "c", "line\n\"quoted\" \u2028 ✓", 1, 2),
                new ServerFrame.Messages(
                        Ref.of(5),
                        "d:a:b",
                        3,
                        List.of(new ServerFrame.Message("i", "d:a:b", 1, "a", "b", "c", "x", 1, 2)),
                        true,
                        2),
                new ServerFrame.Delivered("d:a:b", 3, "b"),
                new ServerFrame.SyncState(null, List.of(new ServerFrame.ConversationState("d:a:b", 3, 1)), false),
                new ServerFrame.Error("forbidden", "no", Ref.of("x"), "c"));
        for (ServerFrame f : frames) {
            assertThat(FrameCodec.decodeServer(FrameCodec.encode(f))).isEqualTo(f);
        }
    }

    @Test
    void deliveredAndPeerDeliveredHaveTheDocumentedShape() {
        assertThat(FrameCodec.encode(new ServerFrame.Delivered("d:alice:bob", 12, "bob")))
                .isEqualTo("{\"type\":\"delivered\",\"conv\":\"d:alice:bob\",\"seq\":12,\"user\":\"bob\"}");
        assertThat(FrameCodec.encode(new ServerFrame.Messages(null, "d:alice:bob", 12, List.of(), false, 9)))
                .isEqualTo("{\"type\":\"messages\",\"conv\":\"d:alice:bob\",\"lastSeq\":12,\"peerDelivered\":9,"
                        + "\"more\":false,\"messages\":[]}");
        // A server that does not send it (an older one) reads as none delivered.
        ServerFrame.Messages older = (ServerFrame.Messages) FrameCodec.decodeServer(
                "{\"type\":\"messages\",\"conv\":\"d:a:b\",\"lastSeq\":1,\"more\":false,\"messages\":[]}");
        assertThat(older.peerDelivered()).isZero();
    }

    @Test
    void clientFramesReadBackAsWritten() {
        List<ClientFrame> frames = List.of(
                new ClientFrame.Ping(Ref.of(1)),
                new ClientFrame.Subscribe(null, List.of("a")),
                new ClientFrame.Send(Ref.of("s"), "bob", null, "c", "hello \"you\""),
                new ClientFrame.Sync(null, "d:a:b", 4, null, 50),
                new ClientFrame.Sync(null, "d:a:b", 0, 9L, 50),
                new ClientFrame.SyncAll(null, "d:a:b", 100),
                new ClientFrame.Ack(null, "d:a:b", 3));
        for (ClientFrame f : frames) {
            assertThat(codec.decode(FrameCodec.encode(f)).frame()).isEqualTo(f);
        }
    }

    @Test
    void everyValidSendFitsTheSmallestFrameLimit() {
        Limits limits = Limits.defaults();
        String worst = "\\u0001".repeat(limits.maxBody());
        String frame = "{\"type\":\"send\",\"to\":\"" + "u".repeat(128) + "\",\"clientMsgId\":\""
                + "\\u0002".repeat(Limits.MAX_CLIENT_MSG_ID) + "\",\"body\":\"" + worst + "\",\"ref\":\""
                + "r".repeat(Limits.MAX_REF - 2) + "\"}";
        assertThat(frame.length()).isLessThanOrEqualTo(limits.minFrameChars());
        assertThat(new FrameCodec(limits).decode(frame).ok()).isTrue();
    }

    private void assertInvalid(String text, String messagePart) {
        Refusal r = refused(text);
        assertThat(r.code()).as(text).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(r.message()).as(text).contains(messagePart);
    }
}
