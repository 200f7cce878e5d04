package im.infra;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child in a session of its own ({@code setsid}, util-linux), so that it gets signals only
 * from the process that started it. Why: Ctrl-C signals the terminal's whole foreground process
 * group, and without this Redis, etcd, a Kafka process and every service JVM would get SIGINT at the
 * same moment as the launcher, so the infrastructure would die while the gateways still drain and
 * deregister through it. With it, the launcher's shutdown stops the services first, then the
 * infrastructure. Where {@code setsid} is missing the command runs as it is.
 */
public final class OwnSession {

    private static final String SETSID = Binaries.find("setsid");

    private OwnSession() {}

    /** {@code command}, run through {@code setsid} when the machine has it. */
    public static List<String> command(List<String> command) {
        if (SETSID == null) {
            return command;
        }
        List<String> c = new ArrayList<>(command.size() + 1);
        c.add(SETSID);
        c.addAll(command);
        return c;
    }
}
