package no.budstikke.event;

/** One reason a request was refused, naming the offending field (for a batch, prefixed by its index). */
public record FieldError(String field, String message) {
}
