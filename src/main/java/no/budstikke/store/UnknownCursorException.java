package no.budstikke.store;

import java.util.List;

import no.budstikke.event.FieldError;
import no.budstikke.event.Refusal;

/** An {@code after} cursor the hub never issued: refused rather than silently restarting from the beginning. */
public class UnknownCursorException extends Refusal {

    public UnknownCursorException(String message) {
        super(400, "Bad Request", "unknown-cursor", message);
    }

    @Override
    public List<FieldError> errors() {
        return List.of(new FieldError("after", "is not a cursor this hub issued"));
    }
}
