package im.routing.message.pipeline;

import im.routing.RoutingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The batch consumers of the message pipeline (and, imported, the topics they read). */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    static final String INBOUND_FACTORY = "pipelineContainerFactory";

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
