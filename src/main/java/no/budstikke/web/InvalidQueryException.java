package no.budstikke.web;

import java.util.List;

import no.budstikke.event.FieldError;
import no.budstikke.event.Refusal;

/** A query whose parameters are missing or malformed. */
public class InvalidQueryException extends Refusal {

    private final List<FieldError> errors;

    public InvalidQueryException(String field, String message) {
        super(400, "Bad Request", "invalid-query", "The query is invalid: " + field + " " + message);
        this.errors = List.of(new FieldError(field, message));
    }

    public InvalidQueryException(List<FieldError> errors) {
        super(400, "Bad Request", "invalid-query", "The query is invalid: " + errors.get(0).field() + " " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    @Override
    public List<FieldError> errors() {
        return errors;
    }
}
