package no.budstikke.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), now::get);

    @Test
    void eachFailureInARowDoublesTheWaitUpToTheMaximum() {
        assertThat(backoff.ready()).isTrue();
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.failures()).isEqualTo(5);
    }

    @Test
    void sourceIsLeftAloneUntilTheWaitIsOverAndASuccessResetsIt() {
        backoff.failed();
        backoff.failed();
        assertThat(backoff.ready()).isFalse();
        now.addAndGet(1_999);
        assertThat(backoff.ready()).isFalse();
        now.addAndGet(1);
        assertThat(backoff.ready()).isTrue();

        backoff.succeeded();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
    }
}
