package no.budstikke.authorization;

import no.budstikke.event.Refusal;

/** The caller may not publish events of this resource. */
public class PublishDeniedException extends Refusal {

    private final String resource;

    public PublishDeniedException(Identity publisher, String resource) {
        super(403, "Forbidden", "forbidden", publisher + " may not publish events of " + resource);
        this.resource = resource;
    }

    public PublishDeniedException(String message) {
        super(403, "Forbidden", "forbidden", message);
        this.resource = null;
    }

    /** The resource the publisher may not publish to, when one is named. */
    public String resource() {
        return resource;
    }
}
