package im.ring;

/**
 * MurmurHash3 x64 128-bit (Austin Appleby's reference, seed 0), returning the first 64-bit half
 * ({@code h1}). This is the value Guava's {@code Hashing.murmur3_128(0).hashBytes(b).asLong()} gives;
 * the ring specification ({@code docs/ring-spec.md}) fixes it byte for byte.
 *
 * <p>Hashing a {@link String} encodes it as UTF-8 into a per-thread buffer so that a ring lookup
 * allocates nothing.
 */
final class Murmur3 {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[64]);

    private Murmur3() {}

    /** The 64-bit hash of the UTF-8 encoding of {@code s} (unpaired surrogates encode as '?'). */
    static long hash64(String s) {
        byte[] buf = BUFFER.get();
        int max = s.length() * 3;
        if (buf.length < max) {
            buf = new byte[Math.max(max, buf.length * 2)];
            BUFFER.set(buf);
        }
        int len = Utf8.encode(s, buf);
        return hash64(buf, 0, len);
    }

    /** The 64-bit hash ({@code h1}) of {@code len} bytes of {@code data} from {@code off}. */
    static long hash64(byte[] data, int off, int len) {
        long h1 = 0;
        long h2 = 0;
        int blocks = len >>> 4;
        for (int i = 0; i < blocks; i++) {
            int p = off + (i << 4);
            long k1 = getLongLe(data, p);
            long k2 = getLongLe(data, p + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = off + (blocks << 4);
        int rem = len & 15;
        long k1 = 0;
        long k2 = 0;
        // Fall-through mirrors the reference implementation's switch on the tail length.
        switch (rem) {
            case 15:
                k2 ^= (long) (data[tail + 14] & 0xff) << 48;
            case 14:
                k2 ^= (long) (data[tail + 13] & 0xff) << 40;
            case 13:
                k2 ^= (long) (data[tail + 12] & 0xff) << 32;
            case 12:
                k2 ^= (long) (data[tail + 11] & 0xff) << 24;
            case 11:
                k2 ^= (long) (data[tail + 10] & 0xff) << 16;
            case 10:
                k2 ^= (long) (data[tail + 9] & 0xff) << 8;
            case 9:
                k2 ^= data[tail + 8] & 0xff;
                h2 ^= mixK2(k2);
            case 8:
                k1 ^= (long) (data[tail + 7] & 0xff) << 56;
            case 7:
                k1 ^= (long) (data[tail + 6] & 0xff) << 48;
            case 6:
                k1 ^= (long) (data[tail + 5] & 0xff) << 40;
            case 5:
                k1 ^= (long) (data[tail + 4] & 0xff) << 32;
            case 4:
                k1 ^= (long) (data[tail + 3] & 0xff) << 24;
            case 3:
                k1 ^= (long) (data[tail + 2] & 0xff) << 16;
            case 2:
                k1 ^= (long) (data[tail + 1] & 0xff) << 8;
            case 1:
                k1 ^= data[tail] & 0xff;
                h1 ^= mixK1(k1);
            default:
                break;
        }
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        return h1 + h2;
    }

    private static long mixK1(long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        return k1 * C2;
    }

    private static long mixK2(long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        return k2 * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long getLongLe(byte[] b, int p) {
        return (b[p] & 0xffL)
                | (b[p + 1] & 0xffL) << 8
                | (b[p + 2] & 0xffL) << 16
                | (b[p + 3] & 0xffL) << 24
                | (b[p + 4] & 0xffL) << 32
                | (b[p + 5] & 0xffL) << 40
                | (b[p + 6] & 0xffL) << 48
                | (b[p + 7] & 0xffL) << 56;
    }
}
