package no.budstikke.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the hub's nodes share the work only one of them should do ({@code budstikke.cluster.*}): {@code nodeName}
 * names this node in the lease table (empty: host name and process id), {@code leaseTtl} is how long a lease lasts
 * without renewal and so the longest a dead node's work waits, {@code leaseRenew} how often the holder renews.
 */
@ConfigurationProperties(prefix = "budstikke.cluster")
public record ClusterProperties(String nodeName, Duration leaseTtl, Duration leaseRenew) {
}
