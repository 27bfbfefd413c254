package no.budstikke.connector;

/**
 * A feed could not be read (refused connection, timeout, 5xx, an unexpected status or an unreadable page); the
 * connector keeps its place and asks again after a pause. The message never quotes the page.
 */
public class FeedUnavailableException extends RuntimeException {

    public FeedUnavailableException(String message) {
        super(message);
    }

    public FeedUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
