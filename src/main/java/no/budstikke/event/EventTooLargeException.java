package no.budstikke.event;

/** An event or batch above the configured size limit. */
public class EventTooLargeException extends Refusal {

    public EventTooLargeException(String message) {
        super(413, "Content Too Large", "too-large", message);
    }
}
