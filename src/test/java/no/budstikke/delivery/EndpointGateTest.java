package no.budstikke.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class EndpointGateTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final EndpointGate gate = new EndpointGate(3, Duration.ofSeconds(10), Duration.ofSeconds(40),
            Duration.ofMillis(250), now::get);
    private final UUID subscription = UUID.randomUUID();

    /** Brings the subscription to its full concurrency: every success allows one more in flight. */
    private void warmUp(int maxConcurrency) {
        for (int i = 0; i < maxConcurrency; i++) {
            assertThat(gate.admit(subscription, maxConcurrency, TIMEOUT)).isNull();
            gate.release(subscription, false);
        }
    }

    @Test
    void startsWithOnePushInFlightAndGrowsToMaxConcurrencyWithSuccesses() {
        assertThat(gate.admit(subscription, 4, TIMEOUT)).isNull();
        assertThat(gate.admit(subscription, 4, TIMEOUT)).as("slow start: one at first").isNotNull();
        gate.release(subscription, false);
        warmUp(4);
        for (int i = 0; i < 4; i++) {
            assertThat(gate.admit(subscription, 4, TIMEOUT)).isNull();
        }
        assertThat(gate.admit(subscription, 4, TIMEOUT)).isPositive();
        gate.release(subscription, false);
        assertThat(gate.admit(subscription, 4, TIMEOUT)).isNull();
        assertThat(gate.admit(UUID.randomUUID(), 4, TIMEOUT)).as("other subscriptions are not affected").isNull();
    }

    /** One push done (progress made), one in flight: the subscription's limit of one is reached. */
    private void busyWithItsOnePushInFlight() {
        assertThat(gate.admit(subscription, 1, TIMEOUT)).isNull();
        gate.release(subscription, false);
        assertThat(gate.admit(subscription, 1, TIMEOUT)).isNull();
    }

    @Test
    void aJobOfABusySubscriptionIsWokenTheMomentASlotFrees() {
        java.util.List<String> woken = new java.util.ArrayList<>();
        busyWithItsOnePushInFlight();

        Duration wait = gate.admitOrAwait(subscription, 1, TIMEOUT, () -> woken.add("first"));
        gate.admitOrAwait(subscription, 1, TIMEOUT, () -> woken.add("second"));

        assertThat(wait).isSameAs(EndpointGate.AWAITING);
        assertThat(woken).isEmpty();
        gate.release(subscription, false);
        assertThat(woken).as("one slot freed: one job woken, in the order they came").containsExactly("first");
    }

    @Test
    void aSlotAWokenJobNoLongerWantsGoesToTheNext() {
        java.util.List<String> woken = new java.util.ArrayList<>();
        busyWithItsOnePushInFlight();
        gate.admitOrAwait(subscription, 1, TIMEOUT, () -> false);
        gate.admitOrAwait(subscription, 1, TIMEOUT, () -> woken.add("next"));

        gate.release(subscription, false);

        assertThat(woken).containsExactly("next");
    }

    @Test
    void aSubscriptionThatMadeNoProgressLatelyIsNotWaitedForInMemory() {
        assertThat(gate.admit(subscription, 1, TIMEOUT)).isNull();
        now.addAndGet(600);

        Duration wait = gate.admitOrAwait(subscription, 1, TIMEOUT, () -> true);

        assertThat(wait).isNotSameAs(EndpointGate.AWAITING).isPositive();
    }

    @Test
    void anEndpointThatHasNotAnsweredYetIsWaitedForInMemoryOnlyForAMoment() {
        assertThat(gate.admit(subscription, 1, TIMEOUT)).isNull();
        now.addAndGet(50);
        assertThat(gate.admitOrAwait(subscription, 1, TIMEOUT, () -> true)).as("its first answer may come any moment")
                .isSameAs(EndpointGate.AWAITING);

        now.addAndGet(100);

        assertThat(gate.admitOrAwait(subscription, 1, TIMEOUT, () -> true))
                .as("no answer yet: the job waits in the broker, not holding its delivery thread")
                .isNotSameAs(EndpointGate.AWAITING).isPositive();
    }

    @Test
    void afterAFailureJobsWaitInMemoryOnlyOnceTheEndpointSucceedsAgain() {
        warmUp(2);
        assertThat(gate.admit(subscription, 2, TIMEOUT)).isNull();
        gate.release(subscription, true);
        assertThat(gate.admit(subscription, 2, TIMEOUT)).isNull();

        assertThat(gate.admitOrAwait(subscription, 2, TIMEOUT, () -> true)).as("it just failed, and may hang again")
                .isNotSameAs(EndpointGate.AWAITING).isPositive();
        gate.release(subscription, false);
        assertThat(gate.admit(subscription, 2, TIMEOUT)).isNull();
        assertThat(gate.admit(subscription, 2, TIMEOUT)).isNull();
        assertThat(gate.admitOrAwait(subscription, 2, TIMEOUT, () -> true)).as("answering again")
                .isSameAs(EndpointGate.AWAITING);
    }

    @Test
    void aFailureFallsBackToOnePushInFlight() {
        warmUp(8);
        assertThat(gate.admit(subscription, 8, TIMEOUT)).isNull();
        assertThat(gate.admit(subscription, 8, TIMEOUT)).isNull();
        gate.release(subscription, true);
        assertThat(gate.admit(subscription, 8, TIMEOUT)).as("one still in flight after a failure").isNotNull();
    }

    @Test
    void opensAfterConsecutiveFailuresProbesOnceAfterThePauseAndDoublesThePauseOnAFailedProbe() {
        for (int i = 0; i < 3; i++) {
            assertThat(gate.admit(subscription, 8, TIMEOUT)).isNull();
            gate.release(subscription, true);
        }
        assertThat(gate.isOpen(subscription)).isTrue();
        Duration wait = gate.admit(subscription, 8, TIMEOUT);
        assertThat(wait).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15));

        now.addAndGet(10_001);
        assertThat(gate.admit(subscription, 8, TIMEOUT)).as("the probe").isNull();
        assertThat(gate.admit(subscription, 8, TIMEOUT)).as("only one probe at a time").isNotNull();
        gate.release(subscription, true);
        assertThat(gate.admit(subscription, 8, TIMEOUT)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30));

        now.addAndGet(20_001);
        assertThat(gate.admit(subscription, 8, TIMEOUT)).isNull();
        gate.release(subscription, false);
        assertThat(gate.isOpen(subscription)).isFalse();
        assertThat(gate.admit(subscription, 8, TIMEOUT)).as("closed again").isNull();
        assertThat(gate.admit(subscription, 8, TIMEOUT)).as("growing again from two").isNull();
    }

    @Test
    void successResetsTheCountOfFailures() {
        warmUp(8);
        gate.admit(subscription, 8, TIMEOUT);
        gate.release(subscription, true);
        gate.admit(subscription, 8, TIMEOUT);
        gate.release(subscription, true);
        gate.admit(subscription, 8, TIMEOUT);
        gate.release(subscription, false);
        gate.admit(subscription, 8, TIMEOUT);
        gate.release(subscription, true);
        assertThat(gate.isOpen(subscription)).isFalse();
    }

    @Test
    void failuresOfPushesAlreadyInFlightDoNotLengthenThePause() {
        warmUp(8);
        for (int i = 0; i < 6; i++) {
            gate.admit(subscription, 8, TIMEOUT);
        }
        for (int i = 0; i < 6; i++) {
            gate.release(subscription, true);
        }
        assertThat(gate.admit(subscription, 8, TIMEOUT)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15));
    }

    @Test
    void jobsOfAnEndpointThatHasNotAnsweredForASecondWaitAboutATimeout() {
        assertThat(gate.admit(subscription, 8, TIMEOUT)).isNull();
        assertThat(gate.admit(subscription, 8, TIMEOUT)).as("busy: a moment").isLessThan(Duration.ofSeconds(1));
        now.addAndGet(1500);
        assertThat(gate.admit(subscription, 8, TIMEOUT)).as("stalled: about a timeout")
                .isBetween(TIMEOUT, TIMEOUT.multipliedBy(2));
    }
}
