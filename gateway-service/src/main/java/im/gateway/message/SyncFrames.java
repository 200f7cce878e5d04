package im.gateway.message;

import im.contracts.message.ChatMessage;
import im.contracts.message.MessagePage;
import im.contracts.message.SyncState;
import im.gateway.GatewayProperties;
import im.gateway.session.ClientSession;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.frame.ClientFrame;
import im.protocol.frame.Ref;
import im.protocol.frame.ServerFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * {@code sync} (a conversation's page, or the conversations with something new) and the {@code ack}
 * check, answered from routing's store. Threading: each asks routing over REST, which blocks, so it
 * runs on this component's own bounded pool ({@code im.gateway.routing.concurrency} threads), never on
 * a container thread that other frames wait behind; when the pool's queue is full the client gets
 * {@code unavailable} at once and retries.
 */
@Component
class SyncFrames implements DisposableBean {

    private static final int QUEUE = 4_096;

    private final RoutingClient routing;
    private final ThreadPoolExecutor pool;

    SyncFrames(RoutingClient routing, GatewayProperties properties) {
        this.routing = routing;
        int threads = properties.routing().concurrency();
        this.pool =
                new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "gateway-sync");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /** A page of {@code conv} (already checked readable) for {@code s}. */
    void page(ClientSession s, ClientFrame.Sync f, String conv) {
        run(s, f.ref(), null, () -> {
            // For a group, routing checks membership as of now; for a direct conversation the caller did.
            MessagePage page = f.before() != null
                    ? routing.pageBefore(conv, f.before(), f.limit(), s.userId())
                    : routing.page(conv, f.after(), f.limit(), s.userId());
            if (f.before() == null && !page.messages().isEmpty()) {
                // Only a forward page tells what the client now holds up to; an older page does not.
                s.advance(conv, page.messages().get(page.messages().size() - 1).seq());
            }
            return new ServerFrame.Messages(
                    f.ref(),
                    conv,
                    page.lastSeq(),
                    page.messages().stream().map(SyncFrames::frame).toList(),
                    page.more(),
                    page.peerDelivered());
        });
    }

    /** The conversations with messages past {@code s}'s device cursor. */
    void state(ClientSession s, ClientFrame.SyncAll f) {
        run(s, f.ref(), null, () -> {
            SyncState state = routing.missing(s.userId(), s.device(), f.afterConv(), f.limit());
            return new ServerFrame.SyncState(
                    f.ref(),
                    state.conversations().stream()
                            .map(e -> new ServerFrame.ConversationState(e.conversation(), e.lastSeq(), e.delivered()))
                            .toList(),
                    state.more());
        });
    }

    /** Runs {@code record} if {@code f.conv()} has at least {@code f.seq()} messages, else answers {@code validation_failed}. */
    void checkAck(ClientSession s, ClientFrame.Ack f, Runnable record) {
        run(s, f.ref(), null, () -> {
            MessagePage page = routing.page(f.conv(), f.seq() - 1, 1, s.userId());
            if (page.lastSeq() < f.seq()) {
                throw new ImException(
                        ErrorCode.VALIDATION_FAILED,
                        "'seq' " + f.seq() + " is past the conversation's last message (" + page.lastSeq() + ")");
            }
            record.run();
            return null;
        });
    }

    private void run(ClientSession s, Ref ref, String clientMsgId, Supplier<ServerFrame> answer) {
        try {
            pool.execute(() -> {
                try {
                    ServerFrame frame = answer.get();
                    if (frame != null) {
                        s.send(frame);
                    }
                } catch (ImException e) {
                    s.send(new ServerFrame.Error(e.code().code(), e.getMessage(), ref, clientMsgId));
                }
            });
        } catch (RejectedExecutionException e) {
            s.send(new ServerFrame.Error(ErrorCode.UNAVAILABLE.code(), "too many syncs in progress; retry", ref, null));
        }
    }

    static ServerFrame.Message frame(ChatMessage m) {
        return new ServerFrame.Message(
                m.id(),
                m.conversation(),
                m.seq(),
                m.from(),
                m.to(),
                m.clientMsgId(),
                m.body(),
                m.sentAtMillis(),
                m.storedAtMillis());
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
