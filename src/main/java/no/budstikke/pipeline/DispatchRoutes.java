package no.budstikke.pipeline;

import java.time.Duration;

import no.budstikke.store.CommitSignal;
import no.budstikke.subscription.Dispatcher;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code dispatch-outbox}: after each commit (or 50 ms), turns committed events into delivery jobs, a page at a
 * time, until caught up.
 */
@Component
public class DispatchRoutes extends RouteBuilder {

    private final Dispatcher dispatcher;
    private final CommitSignal commits;

    public DispatchRoutes(Dispatcher dispatcher, CommitSignal commits) {
        this.dispatcher = dispatcher;
        this.commits = commits;
    }

    @Override
    public void configure() {
        from("timer:dispatch-outbox?period=10&delay=1000")
                .routeId("dispatch-outbox")
                // Woken by this node's commits (at most every 10 ms); other nodes' events are found within 50 ms.
                .process(exchange -> commits.await(Duration.ofMillis(50)))
                .loopDoWhile(Pages.notCaughtUp())
                    .process(exchange -> exchange.getMessage().setBody(dispatcher.dispatchPage()))
                .end();
    }
}
