package no.budstikke.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Folkeregisteret events connector ({@code budstikke.connectors.folkeregisteret.*}; defaults in
 * application.yaml): {@code enabled} starts its route; {@code url} of the API and {@code rettighetspakke} the
 * access package in its path; {@code interval} between polls once caught up; {@code pageSize} entries that make a
 * full page (the feed's own page size); {@code publisher} and {@code resource} as for every connector;
 * {@code startAt} the first sequence number before its first poll; {@code connectTimeout} to open a connection and
 * {@code timeout} of one request;
 * {@code backoffFirst} and {@code backoffMax} bound the doubling pause after failures.
 */
@ConfigurationProperties(prefix = "budstikke.connectors.folkeregisteret")
public record FolkeregisteretConnectorProperties(boolean enabled, URI url, String rettighetspakke, Duration interval,
        int pageSize, String publisher, String resource, long startAt, Duration connectTimeout,
        Duration timeout, Duration backoffFirst,
        Duration backoffMax) {
}
