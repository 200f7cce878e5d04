package im.load.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameParserTest {

    private static Frame parse(String json) {
        byte[] b = ("xx" + json).getBytes(StandardCharsets.UTF_8);
        return FrameParser.parse(b, 2, b.length - 2, new Frame());
    }

    @Test
    void readsAMessagePush() {
        Frame f = parse(
                "{\"type\":\"message\",\"id\":\"9f\",\"conv\":\"d:a:b\",\"seq\":42,\"from\":\"a\",\"to\":\"b\","
                        + "\"clientMsgId\":\"r.s1.7\",\"body\":\"s1:7:123\",\"sentAt\":1700000000000,\"storedAt\":1700000000005}");
        assertThat(f.type).isEqualTo("message");
        assertThat(f.conv).isEqualTo("d:a:b");
        assertThat(f.seq).isEqualTo(42);
        assertThat(f.clientMsgId).isEqualTo("r.s1.7");
        assertThat(f.body).isEqualTo("s1:7:123");
        assertThat(f.storedAt - f.sentAt).isEqualTo(5);
    }

    @Test
    void skipsNestedValuesAndNulls() {
        Frame f = parse("{\"ref\":{\"a\":[1,{\"type\":\"no\"}]},\"type\":\"redirect\",\"node\":\"gw-2\",\"url\":null}");
        assertThat(f.type).isEqualTo("redirect");
        assertThat(f.node).isEqualTo("gw-2");
        assertThat(f.url).isNull();
    }

    @Test
    void readsWelcomeAndErrorFields() {
        Frame w = parse("{\"type\":\"welcome\",\"sessionId\":\"x\",\"userId\":\"u\",\"node\":\"gw-1\","
                + "\"heartbeatMillis\":25000,\"idleTimeoutMillis\":60000}");
        assertThat(w.heartbeatMillis).isEqualTo(25000);
        Frame e = parse(
                "{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\",\"clientMsgId\":\"r.s2.3\"}");
        assertThat(e.code).isEqualTo("rate_limited");
        assertThat(e.clientMsgId).isEqualTo("r.s2.3");
    }

    @Test
    void aReusedFrameForgetsTheLastOne() {
        Frame f = new Frame();
        byte[] a = "{\"type\":\"accepted\",\"seq\":3,\"clientMsgId\":\"c\"}".getBytes(StandardCharsets.UTF_8);
        byte[] p = "{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8);
        FrameParser.parse(a, 0, a.length, f);
        FrameParser.parse(p, 0, p.length, f);
        assertThat(f.type).isEqualTo("pong");
        assertThat(f.seq).isEqualTo(-1);
        assertThat(f.clientMsgId).isNull();
    }
}
