package no.budstikke.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a connector should next ask its feed: at once while the feed has more, after the interval once caught up,
 * after a doubling pause while the feed (or the hub) fails, and never before a server's {@code Retry-After}.
 */
public final class PollSchedule {

    private final Duration interval;
    private final Duration firstPause;
    private final Duration maxPause;
    private final Clock clock;
    private Instant next = Instant.MIN;
    private Duration pause = Duration.ZERO;

    public PollSchedule(Duration interval, Duration firstPause, Duration maxPause, Clock clock) {
        this.interval = interval;
        this.firstPause = firstPause;
        this.maxPause = maxPause;
        this.clock = clock;
    }

    public synchronized boolean due() {
        return !clock.instant().isBefore(next);
    }

    /** The feed answered with a full page: ask again at once. */
    public synchronized void more() {
        next = Instant.MIN;
    }

    /** The feed has nothing newer: ask again after the interval. */
    public synchronized void caughtUp() {
        next = clock.instant().plus(interval);
    }

    /** A poll went through to the end (read, and committed where there was something): failures are forgotten. */
    public synchronized void succeeded() {
        pause = Duration.ZERO;
    }

    /** The feed or the hub failed: wait, twice as long as last time, up to the maximum; returns the pause. */
    public synchronized Duration failed() {
        pause = pause.isZero() ? firstPause : min(pause.multipliedBy(2), maxPause);
        next = clock.instant().plus(pause);
        return pause;
    }

    /**
     * The server asked to be left alone this long ({@code 429} with {@code Retry-After}); never less than the first
     * pause after a failure, so that a {@code Retry-After: 0} does not turn the poll loop into a busy loop.
     */
    public synchronized void notBefore(Duration retryAfter) {
        Instant earliest = clock.instant().plus(retryAfter.compareTo(firstPause) < 0 ? firstPause : retryAfter);
        if (earliest.isAfter(next)) {
            next = earliest;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
