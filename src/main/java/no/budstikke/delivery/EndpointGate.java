package no.budstikke.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Keeps one subscription's trouble its own. Each subscription may have at most its {@code maxConcurrency}
 * pushes in flight on this node, reached by slow start: one at first, one more after each success, back to one
 * after a failure — so an endpoint that hangs holds one delivery thread, not {@code maxConcurrency} of them.
 * A circuit breaker pauses an endpoint that failed {@code threshold} times in a row: while open its jobs are put
 * back to wait in the broker (no thread waits on it), after the pause one probe goes through, and its success
 * closes the circuit while its failure doubles the pause (up to {@code maxOpen}). A job of a busy subscription
 * that is making progress may instead wait in memory to be woken the moment a push of that subscription ends.
 */
public final class EndpointGate {

    private static final long STALLED_AFTER = 1000;
    /** A busy subscription whose last push succeeded longer ago than this is not waited for in memory. */
    private static final long PROGRESS_WINDOW = 500;
    /**
     * Before a first success a busy subscription is waited for in memory only this long after its pushes began
     * (after a failure not at all, until it succeeds again): a job waiting in memory holds its message's delivery
     * thread, and an endpoint that has not answered yet may never answer.
     */
    private static final long FIRST_ANSWER = 100;

    /** A job waiting in memory for a slot of its subscription. */
    @FunctionalInterface
    public interface Waiter {
        /** Asks again for a slot; false if the job no longer waits (its slot may go to the next one). */
        boolean wake();
    }

    /** Returned by {@link #admitOrAwait} when the job will be woken. */
    public static final Duration AWAITING = Duration.ZERO;

    private final int threshold;
    private final Duration firstOpen;
    private final Duration maxOpen;
    private final Duration busyWait;
    private final LongSupplier clock;
    private final ConcurrentHashMap<UUID, State> states = new ConcurrentHashMap<>();

    /**
     * @param busyWait how long a job of a busy subscription that is not woken in memory waits in the broker (plus a
     *                 random spread up to as much again, so the jobs do not come back together)
     */
    public EndpointGate(int threshold, Duration firstOpen, Duration maxOpen, Duration busyWait,
            LongSupplier clockMillis) {
        this.threshold = threshold;
        this.firstOpen = firstOpen;
        this.maxOpen = maxOpen;
        this.busyWait = busyWait;
        this.clock = clockMillis;
    }

    /**
     * Null when the push may go now (the caller must {@link #release} afterwards); else how long to wait. A job
     * of a busy subscription waits a moment; if that subscription has not finished a push for a second, it waits
     * about one push timeout, so the jobs of a hanging endpoint do not keep coming back while it hangs.
     */
    public Duration admit(UUID subscription, int maxConcurrency, Duration timeout) {
        return admitOrAwait(subscription, maxConcurrency, timeout, null);
    }

    /**
     * Like {@link #admit}, but when the subscription is only busy — no failure since its last success, which came
     * within the last {@code PROGRESS_WINDOW}, or its pushes began within the last {@code FIRST_ANSWER} —
     * {@code wake} is registered to run once a push of it ends, and {@link #AWAITING} is returned; the caller then asks again when woken. {@code wake} runs on the thread that
     * ended the push and must be quick.
     */
    public Duration admitOrAwait(UUID subscription, int maxConcurrency, Duration timeout, Waiter wake) {
        State state = states.computeIfAbsent(subscription, id -> new State());
        synchronized (state) {
            long now = clock.getAsLong();
            if (state.openUntil > now) {
                // Spread the waiting jobs over the pause, so they do not all come back at the same instant.
                return Duration.ofMillis(state.openUntil - now + spread(state.pause));
            }
            boolean probing = state.failures >= threshold;
            int limit = probing ? 1 : Math.min(maxConcurrency, state.allowed);
            if (state.inFlight >= limit) {
                if (probing) {
                    return Duration.ofMillis(Math.max(state.pause, 1000) + spread(state.pause));
                }
                if (now - state.lastProgress > STALLED_AFTER) {
                    return timeout.plusMillis(spread(timeout.toMillis()));
                }
                if (wake != null && state.answering(now)) {
                    state.waiters.add(wake);
                    return AWAITING;
                }
                return busyWait.plusMillis(ThreadLocalRandom.current().nextLong(Math.max(1, busyWait.toMillis())));
            }
            if (state.inFlight == 0) {
                state.lastProgress = now;
            }
            state.inFlight++;
            state.max = maxConcurrency;
            return null;
        }
    }

    /** Ends a push admitted before, recording whether the endpoint did its part. */
    public void release(UUID subscription, boolean endpointFailed) {
        State state = states.get(subscription);
        if (state == null) {
            return;
        }
        synchronized (state) {
            judge(state, endpointFailed);
        }
        wake(state);
    }

    /** Gives back a slot that was admitted but not used, without judging the endpoint. */
    public void cancel(UUID subscription) {
        State state = states.get(subscription);
        if (state == null) {
            return;
        }
        synchronized (state) {
            state.inFlight--;
        }
        wake(state);
    }

    /** Wakes as many waiters as there are free slots; a slot a waiter no longer wants goes to the next. */
    private void wake(State state) {
        while (true) {
            List<Waiter> woken;
            synchronized (state) {
                woken = state.wakeable(threshold);
            }
            boolean passedOn = false;
            for (Waiter waiter : woken) {
                passedOn |= !waiter.wake();
            }
            if (!passedOn) {
                return;
            }
        }
    }

    /** Called with the state's lock held. */
    private void judge(State state, boolean endpointFailed) {
        state.inFlight--;
        state.lastProgress = clock.getAsLong();
        if (!endpointFailed) {
            state.lastSuccess = state.lastProgress;
            state.failures = 0;
            state.opened = 0;
            state.allowed = Math.min(state.allowed + 1, state.max);
            return;
        }
        state.allowed = 1;
        state.failures++;
        long now = clock.getAsLong();
        // Pushes already in flight when the circuit opened do not lengthen the pause when they fail too.
        if (state.failures >= threshold && state.openUntil <= now) {
            long pause = Math.min(maxOpen.toMillis(), firstOpen.toMillis() << Math.min(state.opened, 20));
            state.opened++;
            state.pause = pause;
            state.openUntil = now + pause;
        }
    }

    public boolean isOpen(UUID subscription) {
        State state = states.get(subscription);
        return state != null && state.openUntil > clock.getAsLong();
    }

    /** Forgets a subscription that was deleted or disabled. */
    public void forget(UUID subscription) {
        states.remove(subscription);
    }

    private static long spread(long pause) {
        return ThreadLocalRandom.current().nextLong(Math.max(pause / 2, 1000));
    }

    private static final class State {
        int inFlight;
        int allowed = 1;
        int max = 1;
        int failures;
        int opened;
        long pause;
        long openUntil;
        long lastProgress;
        long lastSuccess = Long.MIN_VALUE / 2;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

        /** Whether the subscription's endpoint answers, so that a job may wait in memory for a slot of it. */
        boolean answering(long now) {
            return failures == 0 && (now - lastSuccess <= PROGRESS_WINDOW || now - lastProgress <= FIRST_ANSWER);
        }

        /** The waiters there is now room for (all of them while the circuit is open: they will find it so). */
        List<Waiter> wakeable(int threshold) {
            int room = failures >= threshold ? waiters.size() : Math.max(0, Math.min(max, allowed) - inFlight);
            List<Waiter> woken = new ArrayList<>(Math.min(room, waiters.size()));
            while (room-- > 0 && !waiters.isEmpty()) {
                woken.add(waiters.poll());
            }
            return woken;
        }
    }
}
