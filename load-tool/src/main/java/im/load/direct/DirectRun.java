package im.load.direct;

import im.load.cluster.Connector;
import im.load.cluster.Target;
import im.load.report.ReportWriter;
import im.load.report.RunReport;
import im.load.run.Dispatch;
import im.load.run.Heartbeats;
import im.load.run.Sweep;
import im.load.run.SweepSettings;
import im.load.run.Traffic;
import im.load.traffic.MessageBook;
import im.load.traffic.Receiver;
import im.load.ws.WsClient;
import im.load.ws.WsSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * {@code direct}: user pairs whose two users sit on different gateways, each writing to the other, so
 * every message crosses nodes. Message {@code i} goes out on sender {@code i mod 2·pairs}.
 */
public final class DirectRun implements Traffic {

    private final Target target;
    private final Dispatch dispatch = new Dispatch();
    private final List<WsSession> senders = new ArrayList<>();
    private final List<String> partners = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();
    private final Map<String, Long> byNode = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();
    // Every session pinged from its welcome on: connecting thousands of users (and waiting for the
    // other parties) outlasts the gateways' idle timeout.
    private final Heartbeats heartbeats = new Heartbeats(20_000);

    private DirectRun(Target target) {
        this.target = target;
    }

    public static void run(Target target, int pairs, SweepSettings settings, Map<String, Object> flags) {
        String started = java.time.Instant.now().toString();
        try (WsClient client = new WsClient(target.ioThreads())) {
            DirectRun run = new DirectRun(target);
            Heartbeats hb = run.heartbeats;
            run.connect(client, pairs);
            double perConnection =
                    settings.rates().stream().mapToDouble(d -> d).max().orElse(0) / run.senders.size();
            if (perConnection > 100) {
                run.notes.add(String.format(
                        "the highest rate offers %.0f msg/s per connection, above the gateways'"
                                + " default send-rate of 100/s: expect rate_limited errors; use more --pairs",
                        perConnection));
            }
            try (hb) {
                Sweep.Outcome o = new Sweep(run, settings, target.sampler(), target.runId()).run();
                RunReport r = new RunReport(
                        "direct",
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
            run.senders.forEach(WsSession::close);
        }
    }

    /** Connects candidates until {@code pairs} cross-node pairs exist; closes the users left over. */
    private void connect(WsClient client, int pairs) {
        Map<String, List<Connector.Attempt>> nodes = new LinkedHashMap<>();
        List<Connector.Attempt> all = new ArrayList<>();
        List<List<Connector.Attempt>> chosen = List.of();
        int next = 0;
        for (int round = 0; round < 6 && chosen.size() < pairs; round++) {
            int batch = round == 0 ? pairs * 2 + pairs / 2 + 2 : Math.max(4, (pairs - chosen.size()) * 3);
            candidates(client, next, batch, nodes, all);
            next += batch;
            chosen = Placement.pairs(nodes, pairs);
            if (nodes.size() == 1 && round >= 1) {
                break; // one node only: pairs cannot cross nodes
            }
        }
        if (chosen.size() < pairs && nodes.size() == 1) {
            notes.add("only one gateway welcomed users: pairs are on the same node and messages do not cross nodes");
            List<Connector.Attempt> one = nodes.values().iterator().next();
            chosen = new ArrayList<>();
            for (int k = 0; k + 1 < one.size() && chosen.size() < pairs; k += 2) {
                chosen.add(List.of(one.get(k), one.get(k + 1)));
            }
        }
        if (chosen.size() < pairs) {
            throw new IllegalStateException("only " + chosen.size() + " of " + pairs + " pairs could be placed");
        }
        java.util.Set<WsSession> kept = new java.util.HashSet<>();
        for (List<Connector.Attempt> p : chosen) {
            add(p.get(0), p.get(1).user());
            add(p.get(1), p.get(0).user());
            kept.add(p.get(0).outcome().session());
            kept.add(p.get(1).outcome().session());
        }
        all.stream()
                .filter(a -> a.welcomed() && !kept.contains(a.outcome().session()))
                .forEach(a -> a.outcome().session().close());
        System.out.printf("%d pairs connected across nodes %s%n", pairs, byNode);
    }

    /** Connects users {@code from … from+count-1}, filing the welcomed ones by the node they landed on. */
    private void candidates(
            WsClient client,
            int from,
            int count,
            Map<String, List<Connector.Attempt>> nodes,
            List<Connector.Attempt> all) {
        List<String> users = IntStream.range(from, from + count)
                .mapToObj(i -> target.runId() + "-d" + i)
                .toList();
        Connector c = new Connector(client, target.tokens().tokens(users), 10_000, 3);
        for (Connector.Attempt a : c.connectAll(
                users,
                target::gateway,
                i -> null,
                "load",
                dispatch,
                64,
                w -> heartbeats.add(w.outcome().session()))) {
            all.add(a);
            if (a.welcomed()) {
                nodes.computeIfAbsent(a.outcome().node(), n -> new ArrayList<>())
                        .add(a);
            } else {
                notes.add("user " + a.user() + " got no session: " + a.outcome().kind() + " "
                        + a.outcome().code()
                        + (a.outcome().detail() == null ? "" : " " + a.outcome().detail()));
            }
        }
    }

    private void add(Connector.Attempt a, String partner) {
        WsSession s = a.outcome().session();
        s.attachment = new Receiver(senders.size());
        senders.add(s);
        partners.add(partner);
        nodes.add(a.outcome().node());
        byNode.merge(a.outcome().node(), 1L, Long::sum);
    }

    /** Unanswered sends by the sender's node, lost deliveries by the receiver's: where to look first. */
    @Override
    public void stageOver(MessageBook book, int sent) {
        Map<String, Long> unanswered = new TreeMap<>(), lost = new TreeMap<>();
        for (int i = 0; i < sent; i++) {
            int s = i % senders.size();
            if (book.isUnanswered(i)) {
                unanswered.merge(nodes.get(s), 1L, Long::sum);
            } else if (book.isAccepted(i) && book.deliveriesOf(i) == 0) {
                lost.merge(nodes.get(s ^ 1), 1L, Long::sum); // the partner is the pair's other sender
            }
        }
        if (!unanswered.isEmpty() || !lost.isEmpty()) {
            notes.add(String.format(
                    "stage %s: unanswered sends by the sender's node %s; lost deliveries by the"
                            + " receiver's node %s",
                    book.tag(), unanswered, lost));
            System.out.println(notes.get(notes.size() - 1));
        }
    }

    @Override
    public int receivers() {
        return senders.size();
    }

    @Override
    public int expectedPerMessage() {
        return 1;
    }

    @Override
    public void install(MessageBook book) {
        dispatch.install(book);
    }

    @Override
    public void send(MessageBook book, int i, long dueNanos) {
        int s = i % senders.size();
        book.sending(i, s / 2, dueNanos, System.nanoTime());
        senders.get(s).send(Dispatch.sendFrame(partners.get(s), false, target.runId(), book.tag(), i, dueNanos));
    }

    @Override
    public Map<Integer, Long> closed() {
        return dispatch.closed();
    }
}
