package im.gateway.message;

import im.contracts.message.MessageTopics;
import im.gateway.GatewayProperties;
import im.messaging.MessagingProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * This gateway's own queue topic (the shared ones come from {@code im.messaging.MessagingAutoConfiguration}). It is
 * created when the application context starts, before the node joins the membership: routing can only
 * forward to a node it sees, so the queue always exists by the time anything is sent to it.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /**
     * Ordering hazard, delivery vs. drain: by default Kafka's listener containers stop first on
     * shutdown (phase DEFAULT−100), so pushes would end while the drain still holds connections. This
     * phase puts the queue consumer between the drain (DEFAULT−768) and the web server (DEFAULT−1024):
     * on shutdown it stops after every client was moved away; on start it consumes before the node
     * joins the ring.
     */
    static final int QUEUE_CONSUMER_PHASE = org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 900;

    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor queueConsumerPhase() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof org.springframework.kafka.config.AbstractKafkaListenerContainerFactory<?, ?, ?> f) {
                    f.setPhase(QUEUE_CONSUMER_PHASE);
                    // Commits on a timer, without waiting: a gateway's records are pushes, whose loss
                    // on a restart is harmless (records older than the process are skipped anyway, and
                    // clients sync), so a fetch never waits for a commit round trip.
                    f.getContainerProperties()
                            .setAckMode(org.springframework.kafka.listener.ContainerProperties.AckMode.TIME);
                    f.getContainerProperties().setAckTime(1000);
                    f.getContainerProperties().setSyncCommits(false);
                }
                return bean;
            }
        };
    }

    @Bean
    NewTopic nodeQueueTopic(GatewayProperties gateway, MessagingProperties messaging) {
        return TopicBuilder.name(MessageTopics.nodeQueue(gateway.nodeId()))
                .partitions(messaging.nodeQueuePartitions())
                .config(
                        TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(messaging.nodeQueueRetention().toMillis()))
                .build();
    }
}
