package im.client;

import static org.assertj.core.api.Assertions.assertThat;

import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code onDelivered} is told: from pushes and sync pages, per conversation only growing. */
class PeerDeliveredTest {

    private final List<Delivered> told = new ArrayList<>();
    private final PeerDelivered peer = new PeerDelivered(told::add);

    private static ServerFrame frame(String text) {
        return FrameCodec.decodeServer(text);
    }

    private static ServerFrame.Messages page(String conv, long peerDelivered) {
        return (ServerFrame.Messages) frame("{\"type\":\"messages\",\"conv\":\"" + conv
                + "\",\"lastSeq\":20,\"peerDelivered\":" + peerDelivered + ",\"more\":false,\"messages\":[]}");
    }

    @Test
    void aPushIsHandedOverAndALowerOrEqualOneIsNot() {
        peer.pushed((ServerFrame.Delivered)
                frame("{\"type\":\"delivered\",\"conv\":\"d:alice:bob\",\"seq\":12,\"user\":\"bob\"}"));
        peer.pushed(new ServerFrame.Delivered("d:alice:bob", 12, "bob"));
        peer.pushed(new ServerFrame.Delivered("d:alice:bob", 9, "bob"));
        peer.pushed(new ServerFrame.Delivered("d:alice:carol", 1, "carol"));

        assertThat(told)
                .containsExactly(new Delivered("d:alice:bob", 12, "bob"), new Delivered("d:alice:carol", 1, "carol"));
    }

    @Test
    void aSyncPageTellsThePeerOfThisUserAndOnlyWhenItIsNew() {
        peer.page(page("d:alice:bob", 7), "alice");
        peer.page(page("d:alice:bob", 7), "alice");
        peer.pushed(new ServerFrame.Delivered("d:alice:bob", 8, "bob"));
        peer.page(page("d:alice:bob", 8), "alice");
        peer.page(page("d:bob:carol", 3), "carol");

        assertThat(told)
                .containsExactly(
                        new Delivered("d:alice:bob", 7, "bob"),
                        new Delivered("d:alice:bob", 8, "bob"),
                        new Delivered("d:bob:carol", 3, "bob"));
    }

    @Test
    void nothingFromAPageWithoutAPeer() {
        peer.page(page("d:alice:bob", 0), "alice");
        peer.page(page("d:alice:alice", 4), "alice");
        peer.page(page("g:6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11", 4), "alice");

        assertThat(told).isEmpty();
    }
}
