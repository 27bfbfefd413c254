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
}
