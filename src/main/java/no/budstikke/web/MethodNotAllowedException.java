package no.budstikke.web;

/** A request with a method the addressed resource does not take; {@code allowed} goes into the Allow header. */
public class MethodNotAllowedException extends RuntimeException {

    private final String allowed;

    public MethodNotAllowedException(String method, String allowed) {
        super(method + " is not allowed here; use " + allowed);
        this.allowed = allowed;
    }

    public String allowed() {
        return allowed;
    }
}
