package no.budstikke.authorization;

import java.util.ArrayList;
import java.util.List;

import no.budstikke.store.EventPage;
import no.budstikke.store.StoredEvent;

/** The query enforcement point: leaves out the events of a page the reader may not read (the cursor still moves on). */
public final class ReadAuthorizer {

    private final PolicyDecisionPoint pdp;
    private final Audit audit;

    public ReadAuthorizer(PolicyDecisionPoint pdp, Audit audit) {
        this.pdp = pdp;
        this.audit = audit;
    }

    public EventPage readable(Identity reader, EventPage page) {
        if (readsAll(reader, page)) {
            return page;
        }
        List<EventAccess> access = page.events().stream()
                .map(e -> new EventAccess(e.resource(), e.subject(), e.alternativeSubject()))
                .toList();
        boolean[] permitted = pdp.mayRead(reader, access);
        List<StoredEvent> readable = new ArrayList<>(page.events().size());
        for (int i = 0; i < permitted.length; i++) {
            if (permitted[i]) {
                readable.add(page.events().get(i));
            } else {
                audit.denied(Denial.of("query", reader, "read", access.get(i), null));
            }
        }
        return new EventPage(readable, page.lastSequence());
    }

    /**
     * Whether the reader may read every event of each resource on the page (its owner, or with a grant): then no
     * event needs a question of its own. A query page is one resource (the app views a few), so this is one or a
     * few cached answers instead of one decision per event, which the profile of a page of 50 showed as ~15 % of
     * the hub's CPU.
     */
    private boolean readsAll(Identity reader, EventPage page) {
        String permitted = null;
        for (StoredEvent event : page.events()) {
            if (!event.resource().equals(permitted)) {
                if (!pdp.mayReadAll(reader, event.resource())) {
                    return false;
                }
                permitted = event.resource();
            }
        }
        return true;
    }
}
