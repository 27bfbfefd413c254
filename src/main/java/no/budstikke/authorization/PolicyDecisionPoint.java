package no.budstikke.authorization;

import java.util.List;

/**
 * Answers whether an identity may act on a resource's events. Every enforcement point (publish, query, and in
 * later stages subscribe and push) asks through this interface, whichever policy engine stands behind it.
 */
public interface PolicyDecisionPoint {

    boolean mayPublish(Identity publisher, String resource);

    boolean mayRead(Identity reader, EventAccess event);

    /** Whether the reader may read every event of the resource, whatever its subject (owner or grant). */
    boolean mayReadAll(Identity reader, String resource);

    /**
     * Subscribing is reading ahead of time: without a subject filter it needs the whole resource; with one, it
     * needs to be allowed to read that subject's events.
     */
    default boolean maySubscribe(Identity consumer, String resource, String subject, String alternativeSubject) {
        if (mayReadAll(consumer, resource)) {
            return true;
        }
        if (subject == null && alternativeSubject == null) {
            return false;
        }
        return mayRead(consumer, new EventAccess(resource, subject, alternativeSubject));
    }

    /** One decision per event, in order; engines that can decide many at once override this. */
    default boolean[] mayRead(Identity reader, List<EventAccess> events) {
        boolean[] decisions = new boolean[events.size()];
        for (int i = 0; i < decisions.length; i++) {
            decisions[i] = mayRead(reader, events.get(i));
        }
        return decisions;
    }

    /**
     * Many questions at once — a page of a query, or one event's fan-out to its subscribers — answered in order.
     * Engines that can decide many at once (one multi-decision request) override this.
     */
    default boolean[] mayRead(List<ReadQuestion> questions) {
        boolean[] decisions = new boolean[questions.size()];
        for (int i = 0; i < decisions.length; i++) {
            decisions[i] = mayRead(questions.get(i).reader(), questions.get(i).event());
        }
        return decisions;
    }
}
