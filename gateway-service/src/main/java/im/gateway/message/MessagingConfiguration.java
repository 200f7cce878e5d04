package im.gateway.message;

import im.common.message.MessageTopics;
import im.common.message.MessagingProperties;
import im.common.message.config.MessageTopicsConfiguration;
import im.gateway.GatewayProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

/**
 * This gateway's own queue topic (the shared ones come from {@link MessageTopicsConfiguration}). It is
 * created when the application context starts, before the node joins the membership: routing can only
 * forward to a node it sees, so the queue always exists by the time anything is sent to it.
 */
@Configuration(proxyBeanMethods = false)
@Import(MessageTopicsConfiguration.class)
class MessagingConfiguration {

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
