package no.budstikke.delivery;

import java.util.ArrayList;
import java.util.List;

import no.budstikke.authorization.Audit;
import no.budstikke.authorization.Denial;
import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PolicyDecisionPoint;
import no.budstikke.authorization.ReadQuestion;

/**
 * The authorization enricher: before every push the policy decision point is asked again whether the
 * subscription's consumer may read this event — a role revoked since subscribing stops the pushes. The jobs of one
 * message (an event's fan-out) are asked about together, one multi-decision question for an external engine. A
 * denied delivery is marked {@code unauthorized}, audited, and never sent.
 */
public final class DeliveryAuthorizer {

    private final PolicyDecisionPoint pdp;
    private final Audit audit;

    public DeliveryAuthorizer(PolicyDecisionPoint pdp, Audit audit) {
        this.pdp = pdp;
        this.audit = audit;
    }

    public List<Delivery> checkAll(List<Delivery> deliveries) {
        List<ReadQuestion> questions = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            questions.add(new ReadQuestion(consumer(delivery), delivery.job().access()));
        }
        boolean[] permitted = pdp.mayRead(questions);
        List<Delivery> checked = new ArrayList<>(deliveries.size());
        for (int i = 0; i < permitted.length; i++) {
            Delivery delivery = deliveries.get(i);
            if (permitted[i]) {
                checked.add(delivery);
            } else {
                audit.denied(Denial.of("push", questions.get(i).reader(), "read", delivery.job().access(),
                        delivery.job().eventId()));
                checked.add(delivery.with(PushOutcome.unauthorized()));
            }
        }
        return checked;
    }

    private static Identity consumer(Delivery delivery) {
        return new Identity(delivery.target().subscription().consumer());
    }
}
