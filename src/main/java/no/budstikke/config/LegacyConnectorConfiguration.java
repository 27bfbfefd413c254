package no.budstikke.config;

import java.util.List;

import no.budstikke.connector.Altinn2EventReader;
import no.budstikke.connector.Backoff;
import no.budstikke.connector.ConnectorState;
import no.budstikke.connector.LegacyOutbox;
import no.budstikke.connector.OutboxEventMapper;
import no.budstikke.connector.OutboxSettings;
import no.budstikke.event.CloudEventCodec;
import no.budstikke.pipeline.PublishPipeline;
import no.budstikke.ingress.Altinn2Bridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans behind the shipped legacy connectors' YAML routes ({@code connectors/altinn2.camel.yaml} and
 * {@code connectors/outbox.camel.yaml}): the Altinn 2 bridge's XML reader and the legacy outbox poller with its
 * own connection pool to the legacy database (kept inside the bean, so the hub's DataSource stays the only one).
 */
@Configuration(proxyBeanMethods = false)
public class LegacyConnectorConfiguration {

    @Bean
    Altinn2Bridge altinn2Bridge(CloudEventCodec codec, PublishPipeline pipeline, BudstikkeProperties properties) {
        return new Altinn2Bridge(new Altinn2EventReader(), codec, pipeline, properties.ingest().maxBatchBytes());
    }

    @Bean(destroyMethod = "close")
    LegacyOutbox legacyOutbox(OutboxConnectorProperties outbox, CloudEventCodec codec, ConnectorState state,
            BudstikkeProperties properties) {
        OutboxSettings settings = outboxSettings(outbox);
        List<String> problems = settings.problems();
        if (outbox.enabled() && !problems.isEmpty()) {
            throw new IllegalStateException("budstikke.connectors.outbox is enabled but not configured: "
                    + String.join("; ", problems));
        }
        OutboxEventMapper mapper = new OutboxEventMapper(codec, settings.source(), settings.resource(),
                properties.ingest().maxEventBytes());
        Backoff backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), System::currentTimeMillis);
        return new LegacyOutbox(settings, mapper, codec, state, backoff);
    }

    private static OutboxSettings outboxSettings(OutboxConnectorProperties outbox) {
        OutboxConnectorProperties.Datasource database = outbox.datasource();
        return new OutboxSettings(database.url(), database.username(), database.password(),
                database.connectTimeout(), database.maximumPoolSize(), outbox.table(), outbox.checkpointTable(),
                outbox.source(), outbox.resource(), outbox.publisher(), outbox.batchSize(), outbox.backoff().initial(),
                outbox.backoff().max());
    }
}
