package im.webapp.console;

import im.protocol.ImException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures the console shows per service, read from its {@code /actuator/prometheus}: raw counters,
 * gauges and histogram buckets (the page derives rates and p99 from two readings). The metric names are
 * those of {@code docs/admin.md} and the Grafana dashboard.
 */
final class ServiceFigures {

    private static final String LAG = "kafka_consumer_fetch_manager_records_lag";

    private ServiceFigures() {}

    static Map<String, Object> gateway(ClusterClient client, String base) {
        PrometheusSamples m = scrape(client, base);
        Map<String, Object> f = new LinkedHashMap<>();
        if (m == null) {
            return f;
        }
        f.put("sessions", m.sum("im_gateway_sessions"));
        f.put("users", m.sum("im_gateway_users"));
        f.put("pushed", m.sum("im_gateway_messages_pushed_total"));
        f.put("received", m.sum("im_gateway_messages_received_total"));
        // Kafka 4 reports a dotted topic twice (dots and underscores): count the dotted one only.
        f.put("queueLag", m.sum(LAG, s -> s.labels().contains("topic=\"im.node.")));
        f.put("deliveryBuckets", m.buckets("im_gateway_delivery_latency_seconds"));
        return f;
    }

    static Map<String, Object> routing(ClusterClient client, String base) {
        PrometheusSamples m = scrape(client, base);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("up", m != null);
        if (m == null) {
            return f;
        }
        f.put("stored", m.sum("im_routing_messages_total", s -> s.hasLabel("outcome", "stored")));
        f.put("inboundLag", m.sum(LAG, s -> s.hasLabel("topic", "im.inbound")));
        f.put("acceptBuckets", m.buckets("im_routing_accept_latency_seconds"));
        return f;
    }

    static Map<String, Object> any(ClusterClient client, String base) {
        PrometheusSamples m = scrape(client, base);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("up", m != null);
        if (m != null) {
            f.put("httpRequests", m.sum("http_server_requests_seconds_count"));
        }
        return f;
    }

    /** The service's samples, or null when it does not answer (the console shows it down). */
    private static PrometheusSamples scrape(ClusterClient client, String base) {
        try {
            ClusterClient.Answer a = client.get(base, "/actuator/prometheus");
            return a.ok() ? PrometheusSamples.parse(a.body()) : null;
        } catch (ImException e) {
            return null;
        }
    }
}
