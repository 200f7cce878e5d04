package im.gateway.message;

import im.common.message.MessageTopics;
import im.common.message.MessagingProperties;
import im.gateway.GatewayProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics this gateway writes and reads. They are created when the application context starts,
 * before the node joins the membership: routing can only forward to a node it sees, so the queue
 * always exists by the time anything is sent to it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
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

    // Declared here too (routing declares them as well): whichever service starts first creates them
    // with the configured partition count, instead of the broker auto-creating them with one.
    @Bean
    NewTopic inboundTopic(MessagingProperties messaging) {
        return TopicBuilder.name(MessageTopics.INBOUND)
                .partitions(messaging.inboundPartitions())
                .build();
    }

    @Bean
    NewTopic receiptTopic(MessagingProperties messaging) {
        return TopicBuilder.name(MessageTopics.RECEIPTS)
                .partitions(messaging.receiptPartitions())
                .build();
    }
}
