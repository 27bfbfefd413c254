package no.budstikke.pipeline;

import java.util.List;

/**
 * A way in to the publish pipeline, named by the id of the route (or consumer) that reads it: the tag
 * {@code door} of the ingest metrics.
 */
public record Door(String id) {

    public static final Door HTTP = new Door("ingress-http");
    public static final Door APP = new Door("ingress-app");
    public static final Door AMQP = new Door("ingress-amqp");
    public static final Door ALTINN2 = new Door("connector-altinn2");
    /** A publish to {@code direct:budstikke-ingest} from an exchange no route started (a producer template). */
    public static final Door INTEGRATOR = new Door("ingress-integrator");

    /** The doors the hub always has, whose counters exist from the start. */
    public static final List<Door> BUILT_IN = List.of(HTTP, APP, AMQP, ALTINN2);

    /** A connector or integrator route ending in {@code direct:budstikke-ingest}, named by its own route id. */
    public static Door route(String routeId) {
        return routeId == null ? INTEGRATOR : new Door(routeId);
    }
}
