package no.budstikke.store;

import java.time.Duration;

/**
 * Tells the dispatcher that this node has just committed events, so it need not wait for its next poll: a pushed
 * event then leaves the hub milliseconds after its commit. Events committed by other nodes are found by polling.
 */
public final class CommitSignal {

    private final Object lock = new Object();
    private long commits;
    private long seen;

    public void committed() {
        synchronized (lock) {
            commits++;
            lock.notifyAll();
        }
    }

    /** Returns as soon as there was a commit since the last call, or after {@code max}. */
    public void await(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            // A wait may end early without a notify (a spurious wake-up): wait again for what is left.
            for (long left = max.toNanos(); commits == seen && left > 0; left = deadline - System.nanoTime()) {
                lock.wait(Math.max(1, left / 1_000_000));
            }
            seen = commits;
        }
    }
}
