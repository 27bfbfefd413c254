package no.budstikke.event;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request the hub refuses because of what it asks (bad, too large, not allowed, conflicting, unknown), not because
 * the hub failed: every refusal knows the status, title and metric reason it is answered and counted with, so each
 * door maps this one type once — to problem+json (HTTP), to the invalid queue (AMQP) and to parking (connectors).
 * Messages are the hub's own words and may be logged; they never quote event data.
 */
public abstract class Refusal extends RuntimeException {

    private final int status;
    private final String title;
    private final String reason;

    protected Refusal(int status, String title, String reason, String message) {
        super(message);
        this.status = status;
        this.title = title;
        this.reason = reason;
    }

    /** The HTTP status a caller gets for it. */
    public int status() {
        return status;
    }

    /** The problem document's title: the status's reason phrase. */
    public String title() {
        return title;
    }

    /** The word it is counted under in {@code budstikke_events_rejected_total{reason}}. */
    public String reason() {
        return reason;
    }

    /** The fields at fault, when the refusal can name them. */
    public List<FieldError> errors() {
        return List.of();
    }

    /** Response headers the refusal adds (e.g. {@code Allow} for a 405). */
    public Map<String, String> headers() {
        return Map.of();
    }

    /** The message and each field at fault, in one line: the reason an invalid-queue copy or a parked entry carries. */
    public String explanation() {
        List<FieldError> errors = errors();
        return errors.isEmpty() ? getMessage() : getMessage() + " " + errors.stream()
                .map(error -> error.field() + ": " + error.message()).collect(Collectors.joining(", ", "[", "]"));
    }
}
