package no.budstikke.web;

import no.budstikke.event.Refusal;

/** The caller is signed in but may not see what it asked for. */
public class ForbiddenException extends Refusal {

    public ForbiddenException(String message) {
        super(403, "Forbidden", "forbidden", message);
    }
}
