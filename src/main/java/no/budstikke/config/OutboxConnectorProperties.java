package no.budstikke.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The legacy outbox connector ({@code budstikke.connectors.outbox.*}; defaults in application.yaml):
 * {@code enabled} starts its route (which reads {@code poll-interval} itself); {@code datasource} the legacy
 * database, reached over its own pool; the outbox {@code table} and {@code checkpointTable} there; the
 * {@code source}, {@code resource} and {@code publisher} the rows are published with; {@code batchSize} rows per
 * poll; {@code backoff} the doubling pause after a failed poll.
 */
@ConfigurationProperties(prefix = "budstikke.connectors.outbox")
public record OutboxConnectorProperties(boolean enabled, Datasource datasource, String table, String checkpointTable,
        String source, String resource, String publisher, int batchSize, Backoff backoff) {

    public record Datasource(String url, String username, String password, Duration connectTimeout,
            int maximumPoolSize) {

        @Override
        public String toString() {
            return "Datasource[url=" + url + ", username=" + username + "]";
        }
    }

    public record Backoff(Duration initial, Duration max) {
    }
}
