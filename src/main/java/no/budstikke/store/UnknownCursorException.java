package no.budstikke.store;

/** An {@code after} cursor the hub never issued: refused rather than silently restarting from the beginning. */
public class UnknownCursorException extends RuntimeException {

    public UnknownCursorException(String message) {
        super(message);
    }
}
