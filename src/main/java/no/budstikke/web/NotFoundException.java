package no.budstikke.web;

/** Something the request names does not exist (an admin API resource, role assignment or grant). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
