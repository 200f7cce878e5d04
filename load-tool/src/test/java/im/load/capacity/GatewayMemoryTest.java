package im.load.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class GatewayMemoryTest {

    @Test
    void sumsTheHeapSpacesOfSerialGcHeapInfo() {
        String serial = """
                12345:
                 def new generation   total 157248K, used 2796K [0x00000000e0000000, 0x00000000eaaa0000)
                  eden space 139776K,   2% used [0x00000000e0000000, 0x00000000e02bb1a8, 0x00000000e8880000)
                 tenured generation   total 349568K, used 40000K [0x00000000eaaa0000, 0x0000000100000000)
                 Metaspace       used 60000K, committed 61000K, reserved 1114112K
                """;
        assertThat(GatewayMemory.heapUsed(serial)).isEqualTo((2796 + 40000) * 1024L);
    }

    @Test
    void readsG1AndRejectsUnknownOutput() {
        assertThat(GatewayMemory.heapUsed(" garbage-first heap   total 524288K, used 49152K [0x1, 0x2)\n"))
                .isEqualTo(49152 * 1024L);
        assertThat(GatewayMemory.heapUsed("12345:\nAttach failed\n")).isEqualTo(-1);
    }

    @Test
    void sumsTheActuatorsHeapPools() {
        String text = """
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="Tenured Gen",service="gateway"} 4.0E7
                jvm_memory_used_bytes{area="heap",id="Eden Space",service="gateway"} 1000000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace",service="gateway"} 6.0E7
                """;
        assertThat(GatewayMemory.heapFromPrometheus(text)).isEqualTo(41_000_000L);
    }

    @Test
    void childFiguresSurviveTheLine() {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        h.recordValue(12_000_000);
        h.recordValue(30_000_000);
        Histogram back = Codec.decode(Codec.encode(h));
        assertThat(back.getTotalCount()).isEqualTo(2);
        assertThat(back.getMaxValue()).isEqualTo(h.getMaxValue());
        assertThat(Codec.counts("4408=3,1006=1")).isEqualTo(Map.of("4408", 3L, "1006", 1L));
        assertThat(Codec.counts("-")).isEmpty();
    }

    @Test
    void sourceAddressRanges() {
        assertThat(Child.sources("127.0.0.2-127.0.0.5"))
                .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");
        assertThat(Child.sources("none")).isEmpty();
        assertThat(Child.sources("127.0.0.9")).containsExactly("127.0.0.9");
    }
}
