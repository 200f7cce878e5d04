package im.load.traffic;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage's counts once its stragglers are in.
 *
 * @param unanswered sent, but neither {@code accepted} nor an {@code error} came back
 * @param expected deliveries owed: accepted messages × receivers per message
 * @param lost deliveries owed and never seen
 * @param unaccepted deliveries of messages whose {@code accepted} never came
 * @param seqGaps numbers missing between the {@code seq}s accepted in one conversation during the
 *     stage (the server promises gap-free sequences; a message stored but never acknowledged also
 *     shows up here)
 * @param seqRepeats one {@code seq} given to two accepted messages of one conversation
 * @param incomplete accepted messages that did not reach every receiver (no last-delivery time)
 * @param lastNanos when the stage's last delivery or answer arrived
 */
public record Tally(
        long sent,
        long accepted,
        Map<String, Long> errors,
        long unanswered,
        long expected,
        long delivered,
        long lost,
        long duplicated,
        long outOfOrder,
        long unaccepted,
        long seqGaps,
        long seqRepeats,
        long incomplete,
        long lastNanos) {

    static Tally of(MessageBook b, int sentCount) {
        long accepted = 0, expected = 0, lost = 0, incomplete = 0, last = Long.MIN_VALUE;
        int e = b.expectedPerMessage;
        long[] convSeq = new long[sentCount];
        int n = 0;
        for (int i = 0; i < sentCount; i++) {
            if (b.answered.get(i) != 1) {
                continue;
            }
            accepted++;
            expected += e;
            int got = Math.min(e, b.deliveries.get(i));
            lost += e - got;
            long at = b.lastDelivery.get(i);
            if (got == e && e > 1) { // with one receiver the last delivery is the delivery
                b.legs.last.record(at - b.due.get(i));
            } else if (got < e) {
                incomplete++;
            }
            last = Math.max(last, at);
            // conversation in the high bits, seq in the low 40: one sort orders both
            convSeq[n++] = ((long) b.conv[i] << 40) | (b.acceptedSeq.get(i) & ((1L << 40) - 1));
        }
        long[] gaps = seqGaps(Arrays.copyOf(convSeq, n));
        Map<String, Long> errors = new TreeMap<>();
        b.errors.forEach((k, v) -> errors.put(k, v.sum()));
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        return new Tally(
                sentCount,
                accepted,
                errors,
                Math.max(0, sentCount - accepted - errorCount),
                expected,
                b.delivered.sum(),
                lost,
                b.duplicates.sum(),
                b.outOfOrder.sum(),
                b.unaccepted.sum(),
                gaps[0],
                gaps[1],
                incomplete,
                last);
    }

    /** {gaps, repeats} over values packed as conversation << 40 | seq. */
    static long[] seqGaps(long[] packed) {
        Arrays.sort(packed);
        long gaps = 0, repeats = 0;
        for (int i = 1; i < packed.length; i++) {
            if (packed[i] >>> 40 != packed[i - 1] >>> 40) {
                continue;
            }
            long d = packed[i] - packed[i - 1];
            if (d == 0) {
                repeats++;
            } else {
                gaps += d - 1;
            }
        }
        return new long[] {gaps, repeats};
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
