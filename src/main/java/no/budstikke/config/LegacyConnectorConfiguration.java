package no.budstikke.config;

import java.time.Duration;
import java.util.List;

import no.budstikke.ingress.Altinn2Bridge;
import no.budstikke.connector.Altinn2EventReader;
import no.budstikke.connector.Backoff;
import no.budstikke.connector.ConnectorState;
import no.budstikke.connector.LegacyOutbox;
import no.budstikke.connector.OutboxEventMapper;
import no.budstikke.connector.OutboxSettings;
import no.budstikke.event.CloudEventCodec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The beans behind the shipped legacy connectors' YAML routes ({@code connectors/altinn2.camel.yaml} and
 * {@code connectors/outbox.camel.yaml}): the Altinn 2 bridge's XML reader and the legacy outbox poller with its
 * own connection pool to the legacy database (kept inside the bean, so the hub's DataSource stays the only one).
 */
@Configuration(proxyBeanMethods = false)
public class LegacyConnectorConfiguration {

    private static final String OUTBOX = "budstikke.connectors.outbox.";

    @Bean
    Altinn2Bridge altinn2Bridge(CloudEventCodec codec, BudstikkeProperties properties) {
        return new Altinn2Bridge(new Altinn2EventReader(), codec, properties.ingest().maxBatchBytes());
    }

    @Bean(destroyMethod = "close")
    LegacyOutbox legacyOutbox(Environment environment, CloudEventCodec codec, ConnectorState state,
            BudstikkeProperties properties) {
        OutboxSettings settings = outboxSettings(environment);
        List<String> problems = settings.problems();
        if (environment.getProperty(OUTBOX + "enabled", Boolean.class, false) && !problems.isEmpty()) {
            throw new IllegalStateException("budstikke.connectors.outbox is enabled but not configured: "
                    + String.join("; ", problems));
        }
        OutboxEventMapper mapper = new OutboxEventMapper(codec, settings.source(), settings.resource(),
                properties.ingest().maxEventBytes());
        Backoff backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), System::currentTimeMillis);
        return new LegacyOutbox(settings, mapper, codec, state, backoff);
    }

    private static OutboxSettings outboxSettings(Environment environment) {
        return new OutboxSettings(
                environment.getProperty(OUTBOX + "datasource.url"),
                environment.getProperty(OUTBOX + "datasource.username"),
                environment.getProperty(OUTBOX + "datasource.password"),
                environment.getProperty(OUTBOX + "datasource.connect-timeout", Duration.class, Duration.ofSeconds(5)),
                environment.getProperty(OUTBOX + "datasource.maximum-pool-size", Integer.class, 2),
                environment.getProperty(OUTBOX + "table", "outbox"),
                environment.getProperty(OUTBOX + "checkpoint-table", "outbox_checkpoint"),
                environment.getProperty(OUTBOX + "source"),
                environment.getProperty(OUTBOX + "resource"),
                environment.getProperty(OUTBOX + "publisher"),
                environment.getProperty(OUTBOX + "batch-size", Integer.class, 100),
                environment.getProperty(OUTBOX + "backoff.initial", Duration.class, Duration.ofSeconds(1)),
                environment.getProperty(OUTBOX + "backoff.max", Duration.class, Duration.ofMinutes(5)));
    }
}
