package no.budstikke.store;

/** The database's schema is not the one this node was built for; the message says which way and what to do. */
public class IncompatibleSchemaException extends IllegalStateException {

    public IncompatibleSchemaException(String message) {
        super(message);
    }
}
