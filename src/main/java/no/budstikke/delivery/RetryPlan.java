package no.budstikke.delivery;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Decides what follows an attempt, by the subscription's own retry schedule: the n-th failed attempt is retried
 * after the schedule's n-th delay, and the attempt after the last delay that fails too is dead-lettered (Altinn's
 * default of 11 delays gives 12 attempts). A {@code Retry-After} hint stretches the delay, but never beyond the
 * schedule's longest delay.
 */
public final class RetryPlan {

    private RetryPlan() {
    }

    public enum Step { DONE, RETRY, DEAD, DISABLE, WAIT }

    public record Next(Step step, Duration delay) {
    }

    public static Next after(PushOutcome outcome, int attemptsMade, List<Duration> schedule) {
        return switch (outcome.kind()) {
            case DELIVERED, UNAUTHORIZED -> new Next(Step.DONE, Duration.ZERO);
            case GONE -> new Next(Step.DISABLE, Duration.ZERO);
            case POSTPONED -> new Next(Step.WAIT, outcome.retryAfter());
            case FAILED, DEFERRED -> retry(outcome, attemptsMade, schedule);
        };
    }

    private static Next retry(PushOutcome outcome, int attemptsMade, List<Duration> schedule) {
        if (attemptsMade > schedule.size()) {
            return new Next(Step.DEAD, Duration.ZERO);
        }
        Duration delay = schedule.get(attemptsMade - 1);
        if (outcome.retryAfter() != null && outcome.retryAfter().compareTo(delay) > 0) {
            Duration longest = Collections.max(schedule);
            delay = outcome.retryAfter().compareTo(longest) > 0 ? longest : outcome.retryAfter();
        }
        return new Next(Step.RETRY, delay);
    }
}
