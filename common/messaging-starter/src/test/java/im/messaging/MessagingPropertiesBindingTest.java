package im.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MessagingPropertiesBindingTest {

    @EnableConfigurationProperties(MessagingProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaultsAreTheDocumentedValues() {
        runner.run(ctx -> {
            MessagingProperties p = ctx.getBean(MessagingProperties.class);
            assertThat(p.inboundPartitions()).isEqualTo(12);
            assertThat(p.nodeQueuePartitions()).isEqualTo(2);
            assertThat(p.receiptPartitions()).isEqualTo(6);
            assertThat(p.nodeQueueRetention()).hasHours(1);
            assertThat(p.maxBodySize()).isEqualTo(16000);
        });
    }

    @Test
    void bindsDurationsAndCounts() {
        runner.withPropertyValues("im.messaging.inbound-partitions=24", "im.messaging.node-queue-retention=30m")
                .run(ctx -> {
                    MessagingProperties p = ctx.getBean(MessagingProperties.class);
                    assertThat(p.inboundPartitions()).isEqualTo(24);
                    assertThat(p.nodeQueueRetention()).hasMinutes(30);
                });
    }

    @Test
    void refusesZeroPartitions() {
        runner.withPropertyValues("im.messaging.node-queue-partitions=0")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("partitions"));
    }
}
