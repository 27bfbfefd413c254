package no.budstikke.delivery;

import java.util.ArrayDeque;

/**
 * Bounds this node's unsettled pushes — started, their outcome not yet in the delivery log — which are all that a
 * crash can make the hub repeat. A job that finds no permit free waits to be woken when one is given back.
 */
public final class PushPermits {

    private final int max;
    private final ArrayDeque<EndpointGate.Waiter> waiters = new ArrayDeque<>();
    private int used;

    public PushPermits(int max) {
        this.max = max;
    }

    /** True with a permit taken; false when none is free and {@code waiter} will be woken once one is. */
    public synchronized boolean acquireOrAwait(EndpointGate.Waiter waiter) {
        if (used < max) {
            used++;
            return true;
        }
        waiters.add(waiter);
        return false;
    }

    /** Gives a permit back and wakes a waiting job, passing it on if that one no longer waits. */
    public void release() {
        EndpointGate.Waiter next;
        synchronized (this) {
            used--;
            next = waiters.poll();
        }
        while (next != null && !next.wake()) {
            synchronized (this) {
                next = used < max ? waiters.poll() : null;
            }
        }
    }

    public synchronized int unsettled() {
        return used;
    }
}
