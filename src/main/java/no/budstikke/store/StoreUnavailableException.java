package no.budstikke.store;

/** The event store could not commit in time; the publisher may safely retry (publishing is idempotent). */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
