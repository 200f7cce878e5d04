package im.client;

import im.protocol.frame.ClientFrame;
import im.protocol.frame.FrameCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Messages sent but not yet {@code accepted}, in the order they were sent. Each is written again after
 * a reconnect and whenever it has waited {@code resendAfter}, always with its first client message id,
 * so the server stores it once however often it arrives. Confined to the client's thread.
 */
final class Outbox {

    /**
     * A message waiting for its {@code accepted}.
     *
     * @param to the recipient user, or the group id when {@code group}
     */
    record Pending(String to, boolean group, String body, CompletableFuture<Accepted> result, long[] sentAtNanos) {}

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Consumer<String> write;

    Outbox(Consumer<String> write) {
        this.write = write;
    }

    /** Queues a message, and writes it at once if the client is connected. */
    void add(
            String clientMsgId,
            String to,
            boolean group,
            String body,
            CompletableFuture<Accepted> result,
            boolean connected) {
        Pending p = new Pending(to, group, body, result, new long[] {System.nanoTime()});
        pending.put(clientMsgId, p);
        if (connected) {
            write.accept(frame(clientMsgId, p));
        }
    }

    /** Writes every pending message again, in the order sent (after a reconnect). */
    void resendAll() {
        pending.forEach(this::resend);
    }

    /** Writes again the messages written longer than {@code age} ago. */
    void resendOlderThan(Duration age) {
        long limit = System.nanoTime() - age.toNanos();
        pending.forEach((id, p) -> {
            if (p.sentAtNanos()[0] < limit) {
                resend(id, p);
            }
        });
    }

    /** Completes the message {@code a} answers and returns it, or null if it was answered before. */
    Pending accepted(Accepted a) {
        Pending p = pending.remove(a.clientMsgId());
        if (p != null) {
            p.result().complete(a);
        }
        return p;
    }

    /** Fails the message {@code clientMsgId} for good (the server refused it). */
    void refused(String clientMsgId, String code, String message) {
        Pending p = pending.remove(clientMsgId);
        if (p != null) {
            p.result().completeExceptionally(new SendRefusedException(code, message));
        }
    }

    /** Fails every pending message (the client closes). */
    void failAll(Throwable why) {
        pending.values().forEach(p -> p.result().completeExceptionally(why));
        pending.clear();
    }

    int size() {
        return pending.size();
    }

    private void resend(String clientMsgId, Pending p) {
        p.sentAtNanos()[0] = System.nanoTime();
        write.accept(frame(clientMsgId, p));
    }

    private static String frame(String clientMsgId, Pending p) {
        return FrameCodec.encode(new ClientFrame.Send(
                null, p.group() ? null : p.to(), p.group() ? p.to() : null, clientMsgId, p.body()));
    }
}
