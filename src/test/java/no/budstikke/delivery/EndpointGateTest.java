package no.budstikke.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class EndpointGateTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final EndpointGate gate = new EndpointGate(3, Duration.ofSeconds(10), Duration.ofSeconds(40), now::get);
    private final UUID subscription = UUID.randomUUID();

    @Test
    void admitsUpToMaxConcurrencyAndOneMoreOnlyAfterARelease() {
        for (int i = 0; i < 4; i++) {
            assertThat(gate.admit(subscription, 4)).isNull();
        }
        assertThat(gate.admit(subscription, 4)).isPositive();
        gate.release(subscription, false);
        assertThat(gate.admit(subscription, 4)).isNull();
        assertThat(gate.admit(UUID.randomUUID(), 4)).as("other subscriptions are not affected").isNull();
    }

    @Test
    void opensAfterConsecutiveFailuresProbesOnceAfterThePauseAndDoublesThePauseOnAFailedProbe() {
        for (int i = 0; i < 3; i++) {
            assertThat(gate.admit(subscription, 8)).isNull();
            gate.release(subscription, true);
        }
        assertThat(gate.isOpen(subscription)).isTrue();
        Duration wait = gate.admit(subscription, 8);
        assertThat(wait).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));

        now.addAndGet(10_001);
        assertThat(gate.admit(subscription, 8)).as("the probe").isNull();
        assertThat(gate.admit(subscription, 8)).as("only one probe at a time").isNotNull();
        gate.release(subscription, true);
        assertThat(gate.admit(subscription, 8)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(21));

        now.addAndGet(20_001);
        assertThat(gate.admit(subscription, 8)).isNull();
        gate.release(subscription, false);
        assertThat(gate.isOpen(subscription)).isFalse();
        for (int i = 0; i < 8; i++) {
            assertThat(gate.admit(subscription, 8)).as("closed again: full concurrency").isNull();
        }
    }

    @Test
    void successResetsTheCountOfFailures() {
        gate.admit(subscription, 8);
        gate.release(subscription, true);
        gate.admit(subscription, 8);
        gate.release(subscription, true);
        gate.admit(subscription, 8);
        gate.release(subscription, false);
        gate.admit(subscription, 8);
        gate.release(subscription, true);
        assertThat(gate.isOpen(subscription)).isFalse();
    }

    @Test
    void failuresOfPushesAlreadyInFlightDoNotLengthenThePause() {
        for (int i = 0; i < 6; i++) {
            gate.admit(subscription, 8);
        }
        for (int i = 0; i < 6; i++) {
            gate.release(subscription, true);
        }
        assertThat(gate.admit(subscription, 8)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
    }
}
