package no.budstikke.pipeline;

import java.util.function.IntConsumer;

import no.budstikke.metrics.HubMetrics;
import no.budstikke.store.CommitSignal;

/**
 * Follows each group commit of this node: records how many events it held and wakes the dispatcher, so the new
 * events leave for delivery without waiting for its next poll.
 */
public record CommitObserver(HubMetrics metrics, CommitSignal signal) implements IntConsumer {

    /** Runs on the group-commit thread right after the commit, so it only counts and notifies. */
    @Override
    public void accept(int events) {
        metrics.committed(events);
        signal.committed();
    }
}
