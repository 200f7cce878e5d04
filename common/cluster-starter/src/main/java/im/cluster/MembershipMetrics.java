package im.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Membership metrics: {@code im_membership_changes_total{kind=join|leave}} and, where members
 * publish heartbeat times (Redis), {@code im_membership_detection_seconds}: for a member that
 * disappeared without announcing it, the time from its last heartbeat to the moment this process
 * dropped it — the detection latency an operator wants under the configured bound.
 */
public final class MembershipMetrics implements Consumer<MembershipChange> {

    private final Counter joins;
    private final Counter leaves;
    private final Timer detection;
    private final boolean heartbeatsVisible;
    private final Clock clock;
    private Map<String, Member> previous = Map.of();

    public MembershipMetrics(MeterRegistry registry, boolean heartbeatsVisible, Clock clock) {
        this.joins = Counter.builder("im.membership.changes")
                .tag("kind", "join")
                .description("Members that appeared")
                .register(registry);
        this.leaves = Counter.builder("im.membership.changes")
                .tag("kind", "leave")
                .description("Members that disappeared")
                .register(registry);
        this.detection = Timer.builder("im.membership.detection")
                .description("Last heartbeat of a vanished member to its removal here")
                .publishPercentileHistogram()
                .register(registry);
        this.heartbeatsVisible = heartbeatsVisible;
        this.clock = clock;
    }

    @Override
    public synchronized void accept(MembershipChange change) {
        joins.increment(change.joined().size());
        leaves.increment(change.left().size());
        if (heartbeatsVisible && !change.reason().startsWith("announced")) {
            for (String id : change.left()) {
                Member gone = previous.get(id);
                if (gone != null) {
                    detection.record(Duration.between(gone.updatedAt(), clock.instant()));
                }
            }
        }
        previous = change.members();
    }
}
