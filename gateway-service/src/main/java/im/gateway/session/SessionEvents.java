package im.gateway.session;

import im.contracts.presence.SessionEvent;

/** Where session opens and closes are reported (presence, over Kafka: {@link SessionReporter}). */
public interface SessionEvents {

    /** Reports {@code event}; never blocks the caller for long, never throws. */
    void report(SessionEvent event);
}
