package no.budstikke.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import no.budstikke.connector.FeedUnavailableException;
import no.budstikke.connector.PolledFeed;
import no.budstikke.event.Refusal;
import no.budstikke.store.StoreUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Error handling of the polling connector routes ({@value #CONNECTOR_POLL}): whatever fails a poll — the feed down
 * or refusing, the hub refusing or unable to commit — ends that poll without moving the checkpoint, and the
 * connector asks again after a pause that doubles with each failure. A failure is logged by its class and, for the
 * hub's and connectors' own exceptions (a {@link Refusal}, the feed or the store unavailable), their message; other
 * messages are left out because they may quote data.
 */
@Component
public class ConnectorErrorConfiguration extends RouteConfigurationBuilder {

    public static final String CONNECTOR_POLL = "connector-poll";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorErrorConfiguration.class);
    private static final List<Class<? extends Throwable>> OWN_MESSAGES = List.of(Refusal.class,
            FeedUnavailableException.class, StoreUnavailableException.class);

    private final Map<String, PolledFeed> feedsByRoute;

    public ConnectorErrorConfiguration(List<PolledFeed> feeds) {
        this.feedsByRoute = feeds.stream()
                .collect(Collectors.toMap(feed -> "connector-" + feed.name(), Function.identity()));
    }

    @Override
    public void configuration() {
        routeConfiguration(CONNECTOR_POLL)
                .onException(Exception.class).handled(true).process(this::backOff);
    }

    private void backOff(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String route = exchange.getFromRouteId();
        PolledFeed feed = feedsByRoute.get(route);
        Duration pause = feed == null ? null : feed.schedule().failed();
        LOG.warn("Route {} failed a poll; it keeps its checkpoint and asks again in {}: {}", route,
                pause == null ? "its next period" : pause, describe(failure));
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        boolean own = OWN_MESSAGES.stream().anyMatch(type -> type.isInstance(failure));
        return own ? failure.getClass().getSimpleName() + ": " + failure.getMessage() : failure.getClass().getName();
    }
}
