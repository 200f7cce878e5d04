package im.messaging;

import im.contracts.message.MessageTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The shared topics of the message path, declared by every service that writes or reads them
 * ({@code @Import} it): whichever starts first creates them with the configured partition counts,
 * instead of the broker auto-creating them with one partition.
 */
@AutoConfiguration
@ConditionalOnClass(NewTopic.class)
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    @Bean
    NewTopic inboundTopic(MessagingProperties messaging) {
        return TopicBuilder.name(MessageTopics.INBOUND)
                .partitions(messaging.inboundPartitions())
                .build();
    }

    @Bean
    NewTopic groupMemberTopic(MessagingProperties messaging) {
        return TopicBuilder.name(im.contracts.group.GroupMemberEvent.TOPIC)
                .partitions(messaging.groupEventPartitions())
                .build();
    }

    @Bean
    NewTopic receiptTopic(MessagingProperties messaging) {
        return TopicBuilder.name(MessageTopics.RECEIPTS)
                .partitions(messaging.receiptPartitions())
                .build();
    }
}
