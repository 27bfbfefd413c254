package no.budstikke.config;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.budstikke.connector.BrregUpdates;
import no.budstikke.connector.ConnectorState;
import no.budstikke.connector.EventBatch;
import no.budstikke.connector.FeedClient;
import no.budstikke.connector.FolkeregisterFeed;
import no.budstikke.connector.PollSchedule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans the shipped connector routes ({@code classpath:connectors/*.camel.yaml}) call by name: each feed's
 * reader and mapper, and the batch their splits gather into. The beans exist whether or not a connector is
 * enabled; only a started route makes them reach out.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectorConfiguration {

    @Bean
    EventBatch connectorBatch() {
        return new EventBatch();
    }

    @Bean
    BrregUpdates brregUpdates(BrregConnectorProperties settings, ConnectorState state, ObjectMapper json) {
        return new BrregUpdates(settings.url(), settings.pageSize(), settings.resource(), settings.startAfter(), state,
                new FeedClient(settings.connectTimeout(), settings.timeout(), json),
                new PollSchedule(settings.interval(), settings.backoffFirst(), settings.backoffMax(), Clock.systemUTC()),
                json);
    }

    @Bean
    FolkeregisterFeed folkeregisterFeed(FolkeregisteretConnectorProperties settings, ConnectorState state,
            ObjectMapper json) {
        return new FolkeregisterFeed(settings.url(), settings.rettighetspakke(), settings.pageSize(), settings.resource(),
                settings.startAt(), state, new FeedClient(settings.connectTimeout(), settings.timeout(), json),
                new PollSchedule(settings.interval(), settings.backoffFirst(), settings.backoffMax(), Clock.systemUTC()),
                json);
    }
}
