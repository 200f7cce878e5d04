package im.cluster;

import im.cluster.etcd.EtcdMembership;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

class EtcdMembershipIT extends MembershipContractIT {

    @Override
    protected MembershipProperties properties(String namespace) {
        return new MembershipProperties(
                MembershipProperties.Type.ETCD,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                "unused",
                "/im-it/" + namespace + "/members/");
    }

    @Override
    protected Membership newMember() {
        return EtcdMembership.connect(List.of(infra.etcdEndpoint()), properties, Clock.systemUTC());
    }

    @Override
    protected Set<String> registrationsOnServer() {
        try (Client client = Client.builder().endpoints(infra.etcdEndpoint()).build()) {
            ByteSequence prefix = ByteSequence.from(properties.etcdPrefix(), StandardCharsets.UTF_8);
            return client
                    .getKVClient()
                    .get(prefix, GetOption.builder().isPrefix(true).build())
                    .get(5, TimeUnit.SECONDS)
                    .getKvs()
                    .stream()
                    .map(kv -> kv.getKey()
                            .toString(StandardCharsets.UTF_8)
                            .substring(properties.etcdPrefix().length()))
                    .collect(Collectors.toSet());
        } catch (Exception e) {
            return Set.of(); // still restarting
        }
    }

    @Override
    protected void dropRegistration(String id) {
        try (Client client = Client.builder().endpoints(infra.etcdEndpoint()).build()) {
            ByteSequence key = ByteSequence.from(properties.etcdPrefix() + id, StandardCharsets.UTF_8);
            long lease = client.getKVClient()
                    .get(key)
                    .get(5, TimeUnit.SECONDS)
                    .getKvs()
                    .get(0)
                    .getLease();
            // Revoking the lease deletes the key, as an expiry would.
            client.getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not drop the registration of " + id, e);
        }
    }

    @Override
    protected void restartServer() {
        infra.restartEtcd();
    }
}
