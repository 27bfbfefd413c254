package no.budstikke.web;

import no.budstikke.event.Refusal;

/** An authenticated caller that an operation refuses by who it is, with the status Altinn answers for it. */
public class CallerRefusedException extends Refusal {

    public CallerRefusedException(int status, String message) {
        super(status, status == 401 ? "Unauthorized" : "Forbidden", "forbidden", message);
    }
}
