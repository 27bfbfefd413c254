package no.budstikke.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber queues' upkeep, run by a timer: creates the queues live subscriptions lack on its first
 * successful run (the broker may not be up yet at the first), then removes released queues each time.
 */
public final class SubscriberQueueSweep {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberQueueSweep.class);

    private final SubscriberQueueKeeper queues;
    private boolean opened;

    public SubscriberQueueSweep(SubscriberQueueKeeper queues) {
        this.queues = queues;
    }

    public synchronized void run() {
        if (!opened) {
            try {
                queues.openAll();
                opened = true;
            } catch (Exception e) {
                LOG.warn("Subscriber queues not checked on the broker yet: {}", e.toString());
            }
        }
        try {
            queues.sweep();
        } catch (RuntimeException e) {
            LOG.warn("Released subscriber queues not swept this time: {}", e.toString());
        }
    }
}
