package no.budstikke.authorization;

/** The caller may not publish events of this resource. */
public class PublishDeniedException extends RuntimeException {

    public PublishDeniedException(Identity publisher, String resource) {
        super(publisher + " may not publish events of " + resource);
    }

    public PublishDeniedException(String message) {
        super(message);
    }
}
