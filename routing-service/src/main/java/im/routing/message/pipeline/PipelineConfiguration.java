package im.routing.message.pipeline;

import im.common.message.MessageTopics;
import im.common.message.MessagingProperties;
import im.routing.RoutingProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Topics and the batch consumers of the message pipeline. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
class PipelineConfiguration {

    static final String INBOUND_FACTORY = "pipelineContainerFactory";

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

    @Bean(INBOUND_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, String> pipelineContainerFactory(
            ConsumerFactory<String, String> consumers, RoutingProperties properties) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, String>();
        factory.setConsumerFactory(consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        // A failed batch (store, Redis or Kafka away) is retried with growing pauses, forever: the
        // pipeline stalls and catches up later; skipping a batch would lose accepted-to-be messages.
        ExponentialBackOff backOff = new ExponentialBackOff(50, 2.0);
        backOff.setMaxInterval(properties.pipeline().retryBackoffMax().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }
}
