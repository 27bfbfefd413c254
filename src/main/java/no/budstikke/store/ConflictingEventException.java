package no.budstikke.store;

/** An event whose source and id are already stored with different content; nothing of the request is stored. */
public class ConflictingEventException extends RuntimeException {

    public ConflictingEventException(String source, String id) {
        super("An event with source '" + source + "' and id '" + id + "' is already stored with different content");
    }
}
