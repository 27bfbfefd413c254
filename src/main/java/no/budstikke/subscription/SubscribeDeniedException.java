package no.budstikke.subscription;

import no.budstikke.event.Refusal;

/** The caller may not read the events the subscription asks for. */
public class SubscribeDeniedException extends Refusal {

    public SubscribeDeniedException(String message) {
        super(403, "Forbidden", "forbidden", message);
    }
}
