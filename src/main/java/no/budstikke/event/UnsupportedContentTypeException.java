package no.budstikke.event;

/** A publish request in a content type that is neither structured, batch nor binary CloudEvents. */
public class UnsupportedContentTypeException extends Refusal {

    public UnsupportedContentTypeException(String message) {
        super(415, "Unsupported Media Type", "unsupported-media-type", message);
    }
}
