package no.budstikke.web;

import java.util.Map;

import no.budstikke.event.Refusal;

/** A request with a method the addressed resource does not take; {@code allowed} goes into the Allow header. */
public class MethodNotAllowedException extends Refusal {

    private final String allowed;

    public MethodNotAllowedException(String method, String allowed) {
        super(405, "Method Not Allowed", "method-not-allowed", method + " is not allowed here; use " + allowed);
        this.allowed = allowed;
    }

    public String allowed() {
        return allowed;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Allow", allowed);
    }
}
