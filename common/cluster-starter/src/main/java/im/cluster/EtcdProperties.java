package im.cluster;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * etcd client settings ({@code im.etcd.*}), used when {@code im.membership.type=etcd}.
 *
 * @param endpoints client URLs of the etcd cluster
 */
@ConfigurationProperties("im.etcd")
public record EtcdProperties(
        @DefaultValue("http://127.0.0.1:2379") List<String> endpoints) {}
