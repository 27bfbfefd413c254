package no.budstikke.pipeline;

import java.time.Duration;

import no.budstikke.delivery.SubscriberQueueSweep;
import org.apache.camel.builder.RouteBuilder;

/**
 * The hub's housekeeping timers: {@code store-upkeep} (partitions and retention, on the lease holder, asked as often
 * as leases are renewed) and {@code subscriber-queue-sweep} (the broker's subscriber queues). Like every timer of
 * the hub they are Camel timers, so a stop ends them with the routes.
 */
public class UpkeepRoutes extends RouteBuilder {

    private final StoreUpkeep store;
    private final Duration storeAsked;
    private final SubscriberQueueSweep queues;
    private final Duration sweepInterval;

    public UpkeepRoutes(StoreUpkeep store, Duration storeAsked, SubscriberQueueSweep queues, Duration sweepInterval) {
        this.store = store;
        this.storeAsked = storeAsked;
        this.queues = queues;
        this.sweepInterval = sweepInterval;
    }

    @Override
    public void configure() {
        from("timer:store-upkeep?delay=0&period=" + storeAsked.toMillis())
                .routeId("store-upkeep")
                .process(exchange -> store.runIfDue());
        from("timer:subscriber-queue-sweep?delay=0&period=" + sweepInterval.toMillis())
                .routeId("subscriber-queue-sweep")
                .process(exchange -> queues.run());
    }
}
