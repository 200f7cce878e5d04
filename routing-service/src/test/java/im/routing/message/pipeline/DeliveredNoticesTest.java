package im.routing.message.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.message.Delivery;
import im.contracts.message.Receipt;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import im.routing.message.store.CursorStore.UserConversation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which receipts the other participant is told about, and the record that tells them. */
class DeliveredNoticesTest {

    private static final String GROUP = "g:6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11";

    @Test
    void onlyDirectConversationsWithSomeoneElseAreWatched() {
        List<Receipt> receipts = List.of(
                new Receipt("bob", "phone", "d:alice:bob", 3),
                new Receipt("bob", "laptop", "d:alice:bob", 5),
                new Receipt("bob", "phone", "d:bob:bob", 2),
                new Receipt("bob", "phone", GROUP, 9),
                new Receipt("bob", "phone", "d:alice:carol", 1),
                new Receipt("bob", "phone", "not a conversation", 1));

        assertThat(DeliveredNotices.watched(receipts)).containsExactly(new UserConversation("bob", "d:alice:bob"));
    }

    @Test
    void aNoticeGoesToThePeerWhenTheHighestCursorOverTheDevicesMoves() {
        List<Receipt> receipts =
                List.of(new Receipt("bob", "phone", "d:alice:bob", 3), new Receipt("bob", "laptop", "d:alice:bob", 5));

        assertThat(DeliveredNotices.moved(receipts, Map.of(new UserConversation("bob", "d:alice:bob"), 4L)))
                .containsExactly(new DeliveredNotices.Notice("d:alice:bob", 5, "bob", "alice"));
        assertThat(DeliveredNotices.moved(receipts, Map.of(new UserConversation("bob", "d:alice:bob"), 0L)))
                .containsExactly(new DeliveredNotices.Notice("d:alice:bob", 5, "bob", "alice"));
    }

    @Test
    void noNoticeWhenAnotherDeviceAlreadyHadAsMuchOrThePairIsNotWatched() {
        List<Receipt> laggingDevice = List.of(new Receipt("alice", "tablet", "d:alice:bob", 5));

        // The phone acked 7 before: the tablet catching up to 5 tells bob nothing new.
        assertThat(DeliveredNotices.moved(laggingDevice, Map.of(new UserConversation("alice", "d:alice:bob"), 7L)))
                .isEmpty();
        assertThat(DeliveredNotices.moved(laggingDevice, Map.of(new UserConversation("alice", "d:alice:bob"), 5L)))
                .isEmpty();
        assertThat(DeliveredNotices.moved(List.of(new Receipt("bob", "phone", GROUP, 9)), Map.of()))
                .isEmpty();
    }

    @Test
    void theRecordCarriesTheDeliveredFrameForThePeer() {
        Delivery d = DeliveredNotices.delivery(new DeliveredNotices.Notice("d:alice:bob", 12, "bob", "alice"), 77);

        assertThat(d.kind()).isEqualTo(Delivery.Kind.DELIVERED);
        assertThat(d.conversation()).isEqualTo("d:alice:bob");
        assertThat(d.seq()).isEqualTo(12);
        assertThat(d.users()).containsExactly("alice");
        assertThat(d.from()).isEqualTo("bob");
        assertThat(d.originSession()).isNull();
        assertThat(FrameCodec.decodeServer(d.frame())).isEqualTo(new ServerFrame.Delivered("d:alice:bob", 12, "bob"));
    }
}
