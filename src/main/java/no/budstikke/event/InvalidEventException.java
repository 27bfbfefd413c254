package no.budstikke.event;

import java.util.List;

/** A publish request that is not a valid CloudEvent (or batch of them); nothing of it is stored. */
public class InvalidEventException extends Refusal {

    private final List<FieldError> errors;

    public InvalidEventException(String message, List<FieldError> errors) {
        super(400, "Bad Request", "invalid", message);
        this.errors = List.copyOf(errors);
    }

    public InvalidEventException(String message) {
        this(message, List.of());
    }

    @Override
    public List<FieldError> errors() {
        return errors;
    }
}
