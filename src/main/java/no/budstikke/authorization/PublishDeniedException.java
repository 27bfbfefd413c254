package no.budstikke.authorization;

import no.budstikke.event.Refusal;

/** The caller may not publish events of this resource. */
public class PublishDeniedException extends Refusal {

    public PublishDeniedException(Identity publisher, String resource) {
        this(publisher + " may not publish events of " + resource);
    }

    public PublishDeniedException(String message) {
        super(403, "Forbidden", "forbidden", message);
    }
}
