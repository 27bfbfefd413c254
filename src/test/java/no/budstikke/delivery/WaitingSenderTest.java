package no.budstikke.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import no.budstikke.authorization.EventAccess;
import org.junit.jupiter.api.Test;

class WaitingSenderTest {

    @Test
    void jobsAreGroupedSoThatNoneWaitsMoreThanTwiceItsDelay() {
        var batch = List.of(
                handover(job(1), Duration.ofMillis(300), job(2), Duration.ofSeconds(40)),
                handover(job(3), Duration.ofMillis(500), job(4), Duration.ofSeconds(31)),
                handover(job(5), Duration.ofSeconds(300)));

        List<DeliveryQueue.Later> groups = WaitingSender.groups(batch);

        assertThat(groups).extracting(DeliveryQueue.Later::delay)
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(40), Duration.ofSeconds(300));
        assertThat(groups).extracting(group -> group.jobs().stream().map(DeliveryJob::eventSeq).toList())
                .containsExactly(List.of(1L, 3L), List.of(4L, 2L), List.of(5L));
    }

    @Test
    void aSendReturnsOnlyOnceTheQueueTookTheJobsAndSharesTheBrokerTransactionWithOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<List<DeliveryQueue.Later>> sent = new ArrayList<>();
        DeliveryQueue queue = new RecordingQueue(sent, release);
        try (WaitingSender sender = new WaitingSender(queue, Duration.ofMinutes(1))) {
            // The first send holds the sender thread; the next two are handed over meanwhile and go together.
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> sender.send(List.of(job(1)), List.of(Duration.ofSeconds(1))));
            awaitSends(sent, 1);
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> sender.send(List.of(job(2)), List.of(Duration.ofSeconds(1))));
            CompletableFuture<Void> third = CompletableFuture.runAsync(() -> sender.send(List.of(job(3)), List.of(Duration.ofSeconds(1))));
            assertThat(first).isNotDone();
            release.countDown();
            CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
        }
        assertThat(sent).hasSizeLessThanOrEqualTo(3);
        assertThat(sent.stream().flatMap(List::stream).flatMap(later -> later.jobs().stream()).map(DeliveryJob::eventSeq))
                .containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void aBrokerFailureReachesTheCallerSoItsMessageIsNotAcknowledged() {
        DeliveryQueue refusing = new RecordingQueue(new ArrayList<>(), new CountDownLatch(0)) {
            @Override
            public void enqueueLater(List<Later> groups) {
                throw new IllegalStateException("broker down");
            }
        };
        try (WaitingSender sender = new WaitingSender(refusing, Duration.ofMinutes(1))) {
            assertThatThrownBy(() -> sender.send(List.of(job(1)), List.of(Duration.ofSeconds(1))))
                    .hasMessageContaining("Could not put jobs back").hasRootCauseMessage("broker down");
        }
    }

    private static void awaitSends(List<?> sent, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            synchronized (sent) {
                if (sent.size() >= count) {
                    return;
                }
                assertThat(System.nanoTime()).isLessThan(deadline);
                sent.wait(100);
            }
        }
    }

    private static WaitingSender.Handover handover(Object... jobsAndDelays) {
        List<DeliveryJob> jobs = new ArrayList<>();
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < jobsAndDelays.length; i += 2) {
            jobs.add((DeliveryJob) jobsAndDelays[i]);
            delays.add((Duration) jobsAndDelays[i + 1]);
        }
        return new WaitingSender.Handover(jobs, delays, new CompletableFuture<>());
    }

    private static DeliveryJob job(long seq) {
        return new DeliveryJob(UUID.randomUUID(), seq, "e" + seq, "{}", new EventAccess("urn:altinn:resource:r", null, null),
                0, 0, 0);
    }

    /** Records what the sender hands the broker; the first send waits for the test's signal. */
    private static class RecordingQueue implements DeliveryQueue {

        private final List<List<Later>> sent;
        private final CountDownLatch release;

        RecordingQueue(List<List<Later>> sent, CountDownLatch release) {
            this.sent = sent;
            this.release = release;
        }

        @Override
        public void enqueue(List<DeliveryJob> jobs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void enqueueLater(List<Later> groups) {
            synchronized (sent) {
                sent.add(groups);
                sent.notifyAll();
            }
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void publish(String queue, DeliveryJob job) {
            throw new UnsupportedOperationException();
        }
    }
}
