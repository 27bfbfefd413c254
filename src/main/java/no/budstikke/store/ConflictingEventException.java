package no.budstikke.store;

import no.budstikke.event.Refusal;

/** An event whose source and id are already stored with different content; nothing of the request is stored. */
public class ConflictingEventException extends Refusal {

    private final String source;
    private final String id;

    public ConflictingEventException(String source, String id) {
        super(409, "Conflict", "conflict", "An event with source '" + source + "' and id '" + id + "' is already stored with different content");
        this.source = source;
        this.id = id;
    }

    public String source() {
        return source;
    }

    public String id() {
        return id;
    }
}
