package im.presence;

import im.contracts.presence.SessionEvent;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class PresenceTopics {

    @Bean
    NewTopic sessionTopic(PresenceProperties properties) {
        return TopicBuilder.name(SessionEvent.TOPIC)
                .partitions(properties.sessionTopicPartitions())
                .build();
    }
}
