package im.load.traffic;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything one stage knows about its messages, indexed by the message's number in the stage: when
 * each was due, its {@code accepted} (and the {@code seq} it got), each delivery. From it come the
 * lost / duplicated / out-of-order counts: a delivery is identified by the message number carried in
 * the body (the {@code clientMsgId}'s stage and number), a duplicate is a second delivery of the same
 * message to the same receiver, out of order is a push whose {@code seq} is below one that receiver
 * already got in that conversation.
 *
 * <p>Writers are event-loop threads (one per connection, so per-receiver state needs no lock); the
 * stage's thread reads totals once the stage is over.
 */
public final class MessageBook {

    static final long NONE = Long.MIN_VALUE;

    final String tag;
    final int planned;
    final int expectedPerMessage;
    final AtomicLongArray due;
    final AtomicLongArray acceptedSeq;
    final AtomicIntegerArray answered; // 0 none, 1 accepted, 2 error
    final AtomicIntegerArray deliveries;
    final AtomicLongArray lastDelivery;
    final int[] conv;
    private final BitSet[] seen;
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final LongAdder delivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final LongAdder unaccepted = new LongAdder(); // delivered, yet never accepted at the sender
    final LongAdder sent = new LongAdder();
    final Legs legs;

    /**
     * @param receivers how many receiving connections there are ({@link Receiver#index()} below it)
     * @param expectedPerMessage receivers each accepted message must reach
     */
    public MessageBook(String tag, int planned, int receivers, int expectedPerMessage, Legs legs) {
        this.tag = tag;
        this.planned = planned;
        this.expectedPerMessage = expectedPerMessage;
        this.due = new AtomicLongArray(planned);
        this.acceptedSeq = new AtomicLongArray(planned);
        this.answered = new AtomicIntegerArray(planned);
        this.deliveries = new AtomicIntegerArray(planned);
        this.lastDelivery = new AtomicLongArray(planned);
        this.conv = new int[planned];
        this.seen = new BitSet[receivers];
        this.legs = legs;
    }

    public String tag() {
        return tag;
    }

    public int planned() {
        return planned;
    }

    public Legs legs() {
        return legs;
    }

    /** Message {@code i} of conversation {@code convIndex} is going out now; it was due at {@code dueNanos}. */
    public void sending(int i, int convIndex, long dueNanos, long nowNanos) {
        due.set(i, dueNanos);
        conv[i] = convIndex;
        sent.increment();
        legs.sendLag.record(nowNanos - dueNanos);
    }

    public void accepted(int i, long seq, long nanos) {
        if (answered.compareAndSet(i, 0, 1)) {
            acceptedSeq.set(i, seq);
            legs.accepted.record(nanos - due.get(i));
        }
    }

    public void error(int i, String code) {
        if (i >= 0 && answered.compareAndSet(i, 0, 2)) {
            errors.computeIfAbsent(code == null ? "unknown" : code, c -> new LongAdder())
                    .increment();
        }
    }

    /** A push of message {@code i} with {@code seq} reached receiver {@code r} at {@code nanos}. */
    public void delivered(Receiver r, int i, long seq, long nanos) {
        BitSet s = seen[r.index];
        if (s == null) {
            s = seen[r.index] = new BitSet(planned);
        }
        if (s.get(i)) {
            duplicates.increment();
            return;
        }
        s.set(i);
        if (seq <= r.maxSeq) {
            outOfOrder.increment();
        }
        r.maxSeq = Math.max(r.maxSeq, seq);
        r.deliveries++;
        deliveries.incrementAndGet(i);
        lastDelivery.accumulateAndGet(i, nanos, Math::max);
        delivered.increment();
        if (answered.get(i) != 1) {
            unaccepted.increment();
        }
        legs.delivered.record(nanos - due.get(i));
    }

    /** Whether message {@code i} was accepted (not merely answered with an error). */
    public boolean isAccepted(int i) {
        return answered.get(i) == 1;
    }

    /** Whether message {@code i} got no answer at all. */
    public boolean isUnanswered(int i) {
        return answered.get(i) == 0;
    }

    /** Distinct receivers message {@code i} reached. */
    public int deliveriesOf(int i) {
        return deliveries.get(i);
    }

    /** Answers (accepted or error) received so far. */
    public long answeredCount() {
        long n = 0;
        for (int i = 0; i < planned; i++) {
            n += answered.get(i) == 0 ? 0 : 1;
        }
        return n;
    }

    public long deliveredCount() {
        return delivered.sum();
    }

    public long sentCount() {
        return sent.sum();
    }

    /** Deliveries still owed for the messages accepted so far. */
    public long outstanding() {
        long owed = 0;
        int n = (int) Math.min(planned, sent.sum());
        for (int i = 0; i < n; i++) {
            if (answered.get(i) == 1) {
                owed += Math.max(0, expectedPerMessage - deliveries.get(i));
            } else if (answered.get(i) == 0) {
                owed += 1; // still waiting for its answer
            }
        }
        return owed;
    }

    public Tally tally(int sentCount) {
        return Tally.of(this, sentCount);
    }
}
