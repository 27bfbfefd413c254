package no.budstikke.config;

import no.budstikke.pipeline.RouteConfigurations;
import no.budstikke.ingress.http.HttpExchanges;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.ingress.http.HttpExchanges;
import no.budstikke.web.ProblemMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Error handling of the routes, in one place. HTTP routes answer every failure as problem+json (publish refusals
 * are counted by the publish pipeline, not here); pipeline stages have no handler of their own, so a failure
 * travels back to the door it came in by.
 */
@Component
public class RouteErrorConfiguration extends RouteConfigurationBuilder {

    public static final String HTTP_PROBLEMS = RouteConfigurations.HTTP_PROBLEMS;
    public static final String PIPELINE_STAGE = RouteConfigurations.PIPELINE_STAGE;

    private static final Logger LOG = LoggerFactory.getLogger(RouteErrorConfiguration.class);

    private final ProblemMapper mapper = new ProblemMapper();
    private final HttpExchanges http;

    public RouteErrorConfiguration(HttpExchanges http) {
        this.http = http;
    }

    @Override
    public void configuration() {
        routeConfiguration(HTTP_PROBLEMS)
                .onException(Exception.class).handled(true).process(this::answerWithProblem);
        routeConfiguration(PIPELINE_STAGE)
                .errorHandler(noErrorHandler());
    }

    private void answerWithProblem(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ProblemMapper.Mapped mapped = mapper.map(failure);
        if (mapped.problem().status() >= 500) {
            // Class and message only: a stack trace of a parse failure could quote event data.
            LOG.error("Route {} failed: {}: {}", exchange.getFromRouteId(), failure.getClass().getName(),
                    failure.getCause() == null ? failure.getMessage() : failure.getCause().toString());
        }
        http.writeProblem(exchange, mapped.problem(), mapped.headers());
    }
}
