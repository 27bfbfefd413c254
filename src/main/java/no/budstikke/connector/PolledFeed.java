package no.budstikke.connector;

/**
 * A connector that polls a feed on a schedule, as its route's error handling sees it: the route
 * {@code connector-{name}} backs off through {@link #schedule()} when a poll fails.
 */
public interface PolledFeed {

    /** The connector's name: its checkpoint key, its metric tag and the suffix of its route id. */
    String name();

    PollSchedule schedule();
}
