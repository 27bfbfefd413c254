package no.budstikke.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import no.budstikke.store.Leases;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/** Wires the PostgreSQL-held leases that keep single-node work (connectors, validation, upkeep) on one node. */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    @Bean(destroyMethod = "close")
    Leases leases(JdbcTemplate jdbc, ClusterProperties cluster) {
        // A start of its own: a node restarted under the same name must not inherit the leases of its previous life.
        String holder = nodeName(cluster) + "/" + UUID.randomUUID().toString().substring(0, 8);
        return new Leases(jdbc, holder, cluster.leaseTtl(), cluster.leaseRenew());
    }

    private static String nodeName(ClusterProperties cluster) {
        if (StringUtils.hasText(cluster.nodeName())) {
            return cluster.nodeName();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
