package no.budstikke.web;

/** The caller is signed in but may not see what it asked for. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
