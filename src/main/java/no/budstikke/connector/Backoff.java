package no.budstikke.connector;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a polling connector may try its source again: at once while it answers, and after each failure in a row
 * twice as long as after the one before (from {@code initial}, at most {@code max}), so a source that is down is
 * neither hammered nor given up on.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final LongSupplier clock;
    private int failures;
    private long nextAttempt;

    public Backoff(Duration initial, Duration max, LongSupplier clock) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.clock = clock;
    }

    public synchronized boolean ready() {
        return clock.getAsLong() >= nextAttempt;
    }

    /** Counts a failure and returns how long the source is now left alone. */
    public synchronized Duration failed() {
        failures++;
        long delay = initialMillis;
        for (int i = 1; i < failures && delay < maxMillis; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxMillis);
        nextAttempt = clock.getAsLong() + delay;
        return Duration.ofMillis(delay);
    }

    public synchronized void succeeded() {
        failures = 0;
        nextAttempt = 0;
    }

    /** Failures since the source last answered. */
    public synchronized int failures() {
        return failures;
    }
}
