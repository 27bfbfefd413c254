package no.budstikke.delivery;

/** A job with its target, and once tried, what came of it: the body that travels along the delivery route. */
public record Delivery(DeliveryJob job, DeliveryTarget target, PushOutcome outcome) {

    public static Delivery of(DeliveryJob job, DeliveryTarget target) {
        return new Delivery(job, target, null);
    }

    public Delivery with(PushOutcome outcome) {
        return new Delivery(job, target, outcome);
    }

    /** Already decided before any push (the consumer may not read the event). */
    public boolean decided() {
        return outcome != null;
    }

    public boolean isAmqp() {
        return target.isAmqp();
    }
}
