package im.load.capacity;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** How a child's figures travel to the parent on one line: histograms compressed and in base64. */
final class Codec {

    private Codec() {}

    static String encode(Histogram h) {
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), n));
    }

    static Histogram decode(String s) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(s)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }

    /** Parses {@code code=count,…} ({@code -} for none), adding into {@code into}. */
    static Map<String, Long> counts(String s, Map<String, Long> into) {
        if (!s.equals("-")) {
            for (String kv : s.split(",")) {
                String[] p = kv.split("=");
                into.merge(p[0], Long.parseLong(p[1]), Long::sum);
            }
        }
        return into;
    }

    static Map<String, Long> counts(String s) {
        return counts(s, new LinkedHashMap<>());
    }
}
