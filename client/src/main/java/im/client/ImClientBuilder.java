package im.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Settings of an {@link ImClient}; {@link ImClient#builder()} starts one. */
public final class ImClientBuilder {
    List<URI> gateways = List.of();
    Supplier<String> token;
    String device = "default";
    Consumer<Message> onMessage = m -> {};
    Consumer<String> onConnected = n -> {};
    Consumer<Delivered> onDelivered = d -> {};
    Duration resendAfter = Duration.ofSeconds(5);
    Duration resyncAfter = Duration.ofSeconds(3);
    Duration backoffBase = Duration.ofMillis(200);
    Duration backoffMax = Duration.ofSeconds(5);

    /** Gateways to try, in turn, when there is no redirect to follow ({@code ws://host:port/ws}). */
    public ImClientBuilder gateways(List<URI> gateways) {
        this.gateways = List.copyOf(gateways);
        return this;
    }

    /** Supplies a valid token at each connect (so an expiring token can be refreshed). */
    public ImClientBuilder token(Supplier<String> token) {
        this.token = token;
        return this;
    }

    /** A stable name for this installation: the server keeps its delivered cursor under it. */
    public ImClientBuilder device(String device) {
        this.device = device;
        return this;
    }

    /** Gets every message of the user's conversations, in order, once (on the client's thread). */
    public ImClientBuilder onMessage(Consumer<Message> onMessage) {
        this.onMessage = onMessage;
        return this;
    }

    /**
     * Told when the other participant of a direct conversation has a device holding its messages up to a
     * {@code seq} (pushed {@code delivered}, or a sync page's {@code peerDelivered}); per conversation
     * only growing values, on the client's thread. Optional.
     */
    public ImClientBuilder onDelivered(Consumer<Delivered> onDelivered) {
        this.onDelivered = Objects.requireNonNull(onDelivered, "onDelivered");
        return this;
    }

    /** Told the gateway id after each successful (re)connect. */
    public ImClientBuilder onConnected(Consumer<String> onConnected) {
        this.onConnected = onConnected;
        return this;
    }

    public ImClientBuilder resendAfter(Duration d) {
        this.resendAfter = d;
        return this;
    }

    public ImClientBuilder resyncAfter(Duration d) {
        this.resyncAfter = d;
        return this;
    }

    public ImClientBuilder backoff(Duration base, Duration max) {
        this.backoffBase = base;
        this.backoffMax = max;
        return this;
    }

    public ImClient build() {
        if (gateways.isEmpty()) {
            throw new IllegalArgumentException("at least one gateway URL");
        }
        Objects.requireNonNull(token, "token supplier");
        return new ImClient(this);
    }
}
