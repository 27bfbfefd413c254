package no.budstikke.pipeline;

import no.budstikke.subscription.Dispatcher;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code dispatch-outbox}: keeps turning committed events into delivery jobs, a page at a time, until caught up. */
@Component
public class DispatchRoutes extends RouteBuilder {

    private final Dispatcher dispatcher;

    public DispatchRoutes(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void configure() {
        from("timer:dispatch-outbox?period=50&delay=1000")
                .routeId("dispatch-outbox")
                .loopDoWhile(exchange -> exchange.getMessage().getBody(Integer.class) == null
                        || exchange.getMessage().getBody(Integer.class) > 0)
                    .process(exchange -> exchange.getMessage().setBody(dispatcher.dispatchPage()))
                .end();
    }
}
