package no.budstikke.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CommitSignalTest {

    private final CommitSignal signal = new CommitSignal();

    @Test
    void aCommitSinceTheLastCallEndsTheWaitAtOnce() throws Exception {
        signal.committed();
        long started = System.nanoTime();
        signal.await(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void withoutACommitTheWaitLastsItsMaximumAndACommitFromAnotherThreadEndsIt() throws Exception {
        long started = System.nanoTime();
        signal.await(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(90));

        Thread committer = new Thread(signal::committed);
        started = System.nanoTime();
        committer.start();
        signal.await(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
