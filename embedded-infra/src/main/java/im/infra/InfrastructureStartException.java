package im.infra;

/**
 * An embedded server that did not start: which one, the first cause's own words, and what to do.
 * One of these replaces the stack traces of the servers that were starting beside it.
 */
public final class InfrastructureStartException extends RuntimeException {

    private final String server;
    private final String hint;

    InfrastructureStartException(String server, Throwable cause, String hint) {
        super(server + " did not start: " + reasonOf(cause) + "\n  what to do: " + hint, cause);
        this.server = server;
        this.hint = hint;
    }

    /** The server: Redis, etcd, Kafka or PostgreSQL. */
    public String server() {
        return server;
    }

    /** The innermost cause's message (its class name when it has none). */
    public String reason() {
        return reasonOf(getCause());
    }

    /** What an operator can do about it. */
    public String hint() {
        return hint;
    }

    static String reasonOf(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m.strip();
    }

    /** Runs {@code start}; a failure becomes one of these for {@code server}. */
    static <T> T starting(String server, String hint, java.util.function.Supplier<T> start) {
        try {
            return start.get();
        } catch (InfrastructureStartException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InfrastructureStartException(server, e, hint);
        }
    }
}
