package im.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DispatchTest {

    private final Dispatch d = new Dispatch();

    @Test
    void findsTheMessageNumberInBodyAndClientMsgId() {
        assertThat(d.indexInBody("s12:345:99887766", "s12")).isEqualTo(345);
        assertThat(d.indexInId("abc.s12.345", "s12")).isEqualTo(345);
    }

    @Test
    void framesOfAnotherStageAreLate() {
        assertThat(d.indexInBody("s1:3:9", "s12")).isEqualTo(-1);
        assertThat(d.indexInBody("s12x:3:9", "s12")).isEqualTo(-1);
        assertThat(d.indexInId("abc.s1.3", "s12")).isEqualTo(-1);
        assertThat(d.indexInId("abc.s123.3", "s12")).isEqualTo(-1);
        assertThat(d.late()).isEqualTo(4);
        assertThat(d.indexInId(null, "s12")).isEqualTo(-1);
    }

    @Test
    void theSendFrameCarriesIdAndBodyThatMapBack() {
        String f = Dispatch.sendFrame("bob", false, "run", "s3", 17, 123456789L);
        assertThat(f)
                .isEqualTo("{\"type\":\"send\",\"to\":\"bob\",\"clientMsgId\":\"run.s3.17\","
                        + "\"body\":\"s3:17:123456789\"}");
        assertThat(Dispatch.sendFrame("g1", true, "r", "w1", 0, 5)).contains("\"group\":\"g1\"");
        assertThat(d.indexInId("run.s3.17", "s3")).isEqualTo(17);
        assertThat(d.indexInBody("s3:17:123456789", "s3")).isEqualTo(17);
    }

    @Test
    void heartbeatsComeABitFasterThanTheServerAsks() {
        assertThat(Heartbeats.intervalFor(25_000)).isEqualTo(20_000);
        assertThat(Heartbeats.intervalFor(-1)).isEqualTo(20_000);
        assertThat(Heartbeats.intervalFor(500)).isEqualTo(1000);
    }
}
