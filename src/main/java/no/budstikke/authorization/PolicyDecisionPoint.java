package no.budstikke.authorization;

import java.util.List;

/**
 * Answers whether an identity may act on a resource's events. Every enforcement point (publish, query, and in
 * later stages subscribe and push) asks through this interface, whichever policy engine stands behind it.
 */
public interface PolicyDecisionPoint {

    boolean mayPublish(Identity publisher, String resource);

    boolean mayRead(Identity reader, EventAccess event);

    /** One decision per event, in order; engines that can decide many at once override this. */
    default boolean[] mayRead(Identity reader, List<EventAccess> events) {
        boolean[] decisions = new boolean[events.size()];
        for (int i = 0; i < decisions.length; i++) {
            decisions[i] = mayRead(reader, events.get(i));
        }
        return decisions;
    }
}
