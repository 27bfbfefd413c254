package no.budstikke.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import no.budstikke.subscription.DeliveryPolicy;
import org.junit.jupiter.api.Test;

class RetryPlanTest {

    private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1));

    private static PushOutcome failed() {
        return PushOutcome.failed(500, "HTTP 500", Duration.ofMillis(3));
    }

    private static PushOutcome deferred(Duration retryAfter) {
        return new PushOutcome(PushOutcome.Kind.DEFERRED, 429, retryAfter, "HTTP 429", Duration.ofMillis(3));
    }

    @Test
    void theNthFailureWaitsTheNthDelayAndTheOneAfterTheLastDelayIsDead() {
        assertThat(RetryPlan.after(failed(), 1, SCHEDULE)).isEqualTo(new RetryPlan.Next(RetryPlan.Step.RETRY, Duration.ofSeconds(10)));
        assertThat(RetryPlan.after(failed(), 2, SCHEDULE)).isEqualTo(new RetryPlan.Next(RetryPlan.Step.RETRY, Duration.ofSeconds(30)));
        assertThat(RetryPlan.after(failed(), 3, SCHEDULE)).isEqualTo(new RetryPlan.Next(RetryPlan.Step.RETRY, Duration.ofMinutes(1)));
        assertThat(RetryPlan.after(failed(), 4, SCHEDULE).step()).isEqualTo(RetryPlan.Step.DEAD);
    }

    @Test
    void altinnsDefaultScheduleGivesTwelveAttempts() {
        List<Duration> schedule = DeliveryPolicy.DEFAULT_SCHEDULE;
        for (int attempt = 1; attempt <= 11; attempt++) {
            assertThat(RetryPlan.after(failed(), attempt, schedule).step()).isEqualTo(RetryPlan.Step.RETRY);
        }
        assertThat(RetryPlan.after(failed(), 12, schedule).step()).isEqualTo(RetryPlan.Step.DEAD);
    }

    @Test
    void retryAfterStretchesTheDelayButNotBeyondTheLongestOfTheSchedule() {
        assertThat(RetryPlan.after(deferred(Duration.ofSeconds(20)), 1, SCHEDULE).delay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(RetryPlan.after(deferred(Duration.ofHours(5)), 1, SCHEDULE).delay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryPlan.after(deferred(Duration.ofSeconds(1)), 2, SCHEDULE).delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPlan.after(deferred(Duration.ofSeconds(1)), 4, SCHEDULE).step()).isEqualTo(RetryPlan.Step.DEAD);
    }

    @Test
    void deliveredAndUnauthorizedAreDoneGoneDisablesAndPostponedWaitsWithoutCounting() {
        assertThat(RetryPlan.after(PushOutcome.delivered(200, Duration.ZERO), 1, SCHEDULE).step()).isEqualTo(RetryPlan.Step.DONE);
        assertThat(RetryPlan.after(PushOutcome.unauthorized(), 1, SCHEDULE).step()).isEqualTo(RetryPlan.Step.DONE);
        assertThat(RetryPlan.after(new PushOutcome(PushOutcome.Kind.GONE, 410, null, "410", Duration.ZERO), 1, SCHEDULE).step())
                .isEqualTo(RetryPlan.Step.DISABLE);
        assertThat(RetryPlan.after(PushOutcome.postponed(Duration.ofMillis(300)), 99, SCHEDULE))
                .isEqualTo(new RetryPlan.Next(RetryPlan.Step.WAIT, Duration.ofMillis(300)));
    }
}
