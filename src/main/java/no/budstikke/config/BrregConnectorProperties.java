package no.budstikke.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Enhetsregisteret updates connector ({@code budstikke.connectors.brreg.*}; defaults in application.yaml):
 * {@code enabled} starts its route; {@code url} of the API; {@code interval} between polls once caught up;
 * {@code pageSize} updates asked for at a time (one batch, one commit); {@code publisher} the identity it
 * publishes as and {@code resource} the resource it publishes to; {@code startAfter} the update id taken as
 * handled before its first poll; {@code connectTimeout} to open a connection and {@code timeout} of one request;
 * {@code backoffFirst} and {@code backoffMax} bound the doubling pause after failures.
 */
@ConfigurationProperties(prefix = "budstikke.connectors.brreg")
public record BrregConnectorProperties(boolean enabled, URI url, Duration interval, int pageSize, String publisher,
        String resource, long startAfter, Duration connectTimeout, Duration timeout, Duration backoffFirst,
        Duration backoffMax) {
}
