package im.gateway.message;

/** Hands the package-private message components to the core tests of other packages. */
public final class MessageFramesSupport {

    private MessageFramesSupport() {}

    public static Class<?> syncFrames() {
        return SyncFrames.class;
    }

    public static Class<?> routingClient() {
        return RoutingClient.class;
    }
}
