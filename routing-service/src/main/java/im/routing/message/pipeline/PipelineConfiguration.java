package im.routing.message.pipeline;

import im.routing.RoutingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The batch consumer of delivery receipts ({@link ReceiptListener}). The message pipeline itself runs on
 * {@link InboundLoop}'s own consumer, not through a listener container.
 */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    static final String RECEIPTS_FACTORY = "receiptsContainerFactory";

    @Bean(RECEIPTS_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, String> receiptsContainerFactory(
            ConsumerFactory<String, String> consumers, RoutingProperties properties) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, String>();
        factory.setConsumerFactory(consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        // A failed batch (the database away) is retried with growing pauses, forever: receipts stall
        // and catch up later; skipping a batch would lose devices' delivered cursors.
        ExponentialBackOff backOff = new ExponentialBackOff(50, 2.0);
        backOff.setMaxInterval(properties.pipeline().retryBackoffMax().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }
}
