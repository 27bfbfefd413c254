package no.budstikke.authorization;

import java.util.List;

import no.budstikke.event.CloudEvent;

/** The publish enforcement point: a request is refused whole if the caller may not publish any one of its events. */
public final class PublishAuthorizer {

    private final PolicyDecisionPoint pdp;
    private final Audit audit;

    public PublishAuthorizer(PolicyDecisionPoint pdp, Audit audit) {
        this.pdp = pdp;
        this.audit = audit;
    }

    public List<CloudEvent> authorize(Identity publisher, List<CloudEvent> events) {
        events.stream().map(CloudEvent::resource).distinct().forEach(resource -> {
            if (!pdp.mayPublish(publisher, resource)) {
                audit.denied(Denial.of("publish", publisher, "publish", new EventAccess(resource, null, null), null));
                throw new PublishDeniedException(publisher, resource);
            }
        });
        return events;
    }
}
