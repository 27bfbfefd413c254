package no.budstikke.event;

/** A publish request in a content type that is neither structured, batch nor binary CloudEvents. */
public class UnsupportedContentTypeException extends RuntimeException {

    public UnsupportedContentTypeException(String message) {
        super(message);
    }
}
