package no.budstikke.event;

/** An event or batch above the configured size limit. */
public class EventTooLargeException extends RuntimeException {

    public EventTooLargeException(String message) {
        super(message);
    }
}
