package no.budstikke.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The event analytics ({@code budstikke.analytics.*}; defaults in application.yaml): {@code enabled} runs the
 * rollup route on this node; {@code pageSize} events read per transaction; {@code interval} between polls once
 * caught up (the rollups lag the events by about this much); {@code upkeepDelay} after start and then every
 * {@code upkeepEvery} the per-instance detail past the event retention is forgotten.
 */
@ConfigurationProperties(prefix = "budstikke.analytics")
public record AnalyticsProperties(boolean enabled, int pageSize, Duration interval, Duration upkeepDelay,
        Duration upkeepEvery) {
}
