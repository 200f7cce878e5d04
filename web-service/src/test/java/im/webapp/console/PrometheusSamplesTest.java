package im.webapp.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusSamplesTest {

    private static final String TEXT = """
            # HELP im_routing_messages_total Inbound messages by outcome
            # TYPE im_routing_messages_total counter
            im_routing_messages_total{outcome="stored",service="routing"} 120.0
            im_routing_messages_total{outcome="duplicate",service="routing"} 3.0
            im_gateway_sessions{service="gateway"} 7.0
            im_routing_accept_latency_seconds_bucket{service="routing",le="0.001"} 10.0
            im_routing_accept_latency_seconds_bucket{service="routing",le="0.01"} 90.0
            im_routing_accept_latency_seconds_bucket{service="routing",le="+Inf"} 100.0
            im_routing_accept_latency_seconds_bucket{service="other",le="0.01"} 5.0
            kafka_consumer_fetch_manager_records_lag{topic="im.inbound",partition="0"} 4.0
            kafka_consumer_fetch_manager_records_lag{topic="im_inbound",partition="0"} 4.0
            a_line_without_a_number{x="y"} NaNish
            """;

    @Test
    void sumsACounterOverTheSamplesItsFilterKeeps() {
        PrometheusSamples m = PrometheusSamples.parse(TEXT);
        assertThat(m.sum("im_routing_messages_total", s -> s.hasLabel("outcome", "stored")))
                .isEqualTo(120.0);
        assertThat(m.sum("im_routing_messages_total")).isEqualTo(123.0);
        assertThat(m.sum("im_gateway_sessions")).isEqualTo(7.0);
    }

    @Test
    void readsAMetricWithoutLabelsAndSkipsLinesItCannotRead() {
        PrometheusSamples m = PrometheusSamples.parse("up 1\nbroken\n" + TEXT);
        assertThat(m.sum("up")).isEqualTo(1.0);
        assertThat(m.sum("a_line_without_a_number")).isZero();
    }

    @Test
    void takesTheDottedTopicWithoutItsUnderscoredTwin() {
        PrometheusSamples m = PrometheusSamples.parse(TEXT);
        assertThat(m.sum("kafka_consumer_fetch_manager_records_lag", s -> s.hasLabel("topic", "im.inbound")))
                .isEqualTo(4.0);
    }

    @Test
    void sumsHistogramBucketsByUpperBound() {
        assertThat(PrometheusSamples.parse(TEXT).buckets("im_routing_accept_latency_seconds"))
                .containsEntry(0.001, 10.0)
                .containsEntry(0.01, 95.0)
                .containsEntry(Double.POSITIVE_INFINITY, 100.0);
    }
}
