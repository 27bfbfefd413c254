package no.budstikke.pipeline;

import java.time.Duration;

import no.budstikke.store.CommitSignal;
import no.budstikke.delivery.Dispatcher;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code dispatch-outbox}: after each commit (or {@code idleWait}, at most every {@code period}), turns committed events into delivery jobs, a page at a
 * time, until caught up.
 */
public class DispatchRoutes extends RouteBuilder {

    private final Dispatcher dispatcher;
    private final CommitSignal commits;
    private final Duration period;
    private final Duration idleWait;

    public DispatchRoutes(Dispatcher dispatcher, CommitSignal commits, Duration period, Duration idleWait) {
        this.dispatcher = dispatcher;
        this.commits = commits;
        this.period = period;
        this.idleWait = idleWait;
    }

    @Override
    public void configure() {
        from("timer:dispatch-outbox?delay=1000&period=" + period.toMillis())
                .routeId("dispatch-outbox")
                // Woken by this node's commits (at most every period); other nodes' events are found within the idle wait.
                .process(exchange -> commits.await(idleWait))
                .loopDoWhile(Pages.notCaughtUp())
                    .process(exchange -> exchange.getMessage().setBody(dispatcher.dispatchPage()))
                .end();
    }
}
