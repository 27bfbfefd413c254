package no.budstikke.web;

import no.budstikke.event.Refusal;

/** Something the request names does not exist (an admin API resource, role assignment or grant). */
public class NotFoundException extends Refusal {

    public NotFoundException(String message) {
        super(404, "Not Found", "not-found", message);
    }
}
