package im.load.group;

import im.load.cluster.Connector;
import im.load.cluster.GroupApi;
import im.load.cluster.Target;
import im.load.report.ReportWriter;
import im.load.report.RunReport;
import im.load.run.Dispatch;
import im.load.run.Heartbeats;
import im.load.run.Sweep;
import im.load.run.SweepSettings;
import im.load.run.Traffic;
import im.load.traffic.Legs;
import im.load.traffic.MessageBook;
import im.load.traffic.Receiver;
import im.load.ws.WsClient;
import im.load.ws.WsSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * {@code group}: one group of {@code members}, {@code online} of them connected wherever the ring puts
 * them, {@code senders} of those writing at the offered rate (message {@code i} from sender {@code i mod
 * senders}). Every message must reach every other online member; the last of them gives the message's
 * "last delivery" time.
 */
public final class GroupRun implements Traffic {

    private final Target target;
    private final Dispatch dispatch = new Dispatch();
    private final List<WsSession> online = new ArrayList<>();
    // Every session pinged from its welcome on: connecting thousands of members (and creating the
    // group) outlasts the gateways' idle timeout, and receivers never send anything else.
    private final Heartbeats heartbeats = new Heartbeats(20_000);
    private final List<String> nodeOf = new ArrayList<>();
    private final List<Integer> hopsOf = new ArrayList<>();
    private final Map<String, Long> byNode = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();
    private final int senders;
    private String group;

    private GroupRun(Target target, int senders) {
        this.target = target;
        this.senders = senders;
    }

    /** Settings of a group run. */
    public record Shape(int members, int online, int senders) {}

    public static void run(Target target, Shape shape, SweepSettings settings, Map<String, Object> flags) {
        String started = java.time.Instant.now().toString();
        try (WsClient client = new WsClient(target.ioThreads())) {
            GroupRun run = new GroupRun(target, shape.senders());
            Heartbeats hb = run.heartbeats;
            run.setUp(client, shape);
            double perSender =
                    settings.rates().stream().mapToDouble(d -> d).max().orElse(0) / shape.senders();
            if (perSender > 100) {
                run.notes.add(String.format(
                        "%.0f msg/s per sender is above the gateways' default send-rate of 100/s:"
                                + " expect rate_limited errors; use more --senders",
                        perSender));
            }
            try (hb) {
                run.awaitFanout();
                Sweep.Outcome o = new Sweep(run, settings, target.sampler(), target.runId()).run();
                run.noteSilentMembers();
                RunReport r = new RunReport(
                        "group",
                        started,
                        flags,
                        Map.copyOf(run.byNode),
                        o.warmupSeconds(),
                        o.warmupHow(),
                        o.warmupCapped(),
                        o.stages().stream().map(s -> s.result()).toList(),
                        run.closed(),
                        run.notes,
                        null);
                ReportWriter.write(target.out(), r, o.stages(), Map.of());
                System.out.println("report: " + target.out().resolve("index.html"));
            }
            run.online.forEach(WsSession::close);
        }
    }

    private void setUp(WsClient client, Shape shape) {
        List<String> members = IntStream.range(0, shape.members())
                .mapToObj(i -> target.runId() + "-g" + i)
                .toList();
        List<String> connected = members.subList(0, shape.online());
        long t0 = System.nanoTime();
        Map<String, String> tokens = target.tokens().tokens(connected);
        System.out.printf("%d tokens in %.1f s%n", tokens.size(), (System.nanoTime() - t0) / 1e9);
        GroupApi api = new GroupApi(target.groupUrl(), tokens::get);
        String owner = members.get(0);
        t0 = System.nanoTime();
        group = api.create(owner, "load-" + target.runId());
        api.addMembers(owner, group, members.subList(1, members.size()));
        System.out.printf(
                "group %s of %d members created in %.1f s%n", group, members.size(), (System.nanoTime() - t0) / 1e9);
        Connector c = new Connector(client, tokens, 10_000, 3);
        for (Connector.Attempt a : c.connectAll(
                connected,
                target::gateway,
                i -> null,
                "load",
                dispatch,
                64,
                w -> heartbeats.add(w.outcome().session()))) {
            if (!a.welcomed()) {
                throw new IllegalStateException("member " + a.user() + " got no session: " + a.outcome());
            }
            WsSession s = a.outcome().session();
            s.attachment = new Receiver(online.size());
            online.add(s);
            nodeOf.add(a.outcome().node());
            hopsOf.add(a.hops());
            byNode.merge(a.outcome().node(), 1L, Long::sum);
        }
        System.out.printf("%d members online %s%n", online.size(), byNode);
    }

    /**
     * Gateways learn which groups have members online asynchronously; until they have, a message may
     * reach only part of the group. Probe with one message a second until one reaches everybody.
     */
    private void awaitFanout() {
        for (int k = 0; k < 30; k++) {
            MessageBook probe = new MessageBook("p" + k, 1, receivers(), expectedPerMessage(), new Legs());
            install(probe);
            send(probe, 0, System.nanoTime());
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (probe.deliveredCount() < expectedPerMessage() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000_000L);
            }
            if (probe.deliveredCount() >= expectedPerMessage()) {
                System.out.printf("fan-out reaches all %d receivers (probe %d)%n", expectedPerMessage(), k + 1);
                return;
            }
        }
        notes.add("no probe message reached every online member within 60 s before the run started");
    }

    /** Members that got no push at all: where they are and how they got there (a server-side lead). */
    private void noteSilentMembers() {
        Map<String, Long> silent = new TreeMap<>();
        long redirected = 0, total = 0;
        for (int i = senders; i < online.size(); i++) {
            if (((Receiver) online.get(i).attachment).deliveries() == 0) {
                silent.merge(nodeOf.get(i), 1L, Long::sum);
                redirected += hopsOf.get(i) > 0 ? 1 : 0;
                total++;
            }
        }
        if (total > 0) {
            long everRedirected = hopsOf.stream().filter(h -> h > 0).count();
            notes.add(String.format(
                    "%d online members received no group message during the whole run (by node %s);"
                            + " %d of them had been redirected at connect (of %d redirected members in all)",
                    total, silent, redirected, everRedirected));
            System.out.println(notes.get(notes.size() - 1));
        }
    }

    @Override
    public int receivers() {
        return online.size();
    }

    @Override
    public int expectedPerMessage() {
        return online.size() - 1; // everyone online but the sending connection
    }

    @Override
    public void install(MessageBook book) {
        dispatch.install(book);
    }

    @Override
    public void send(MessageBook book, int i, long dueNanos) {
        book.sending(i, 0, dueNanos, System.nanoTime());
        online.get(i % senders).send(Dispatch.sendFrame(group, true, target.runId(), book.tag(), i, dueNanos));
    }

    @Override
    public Map<Integer, Long> closed() {
        return dispatch.closed();
    }
}
