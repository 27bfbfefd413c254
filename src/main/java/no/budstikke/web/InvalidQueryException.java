package no.budstikke.web;

import java.util.List;

import no.budstikke.event.FieldError;

/** A query whose parameters are missing or malformed. */
public class InvalidQueryException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidQueryException(String field, String message) {
        super("The query is invalid: " + field + " " + message);
        this.errors = List.of(new FieldError(field, message));
    }

    public InvalidQueryException(List<FieldError> errors) {
        super("The query is invalid: " + errors.get(0).field() + " " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
