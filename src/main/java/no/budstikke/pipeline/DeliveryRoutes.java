package no.budstikke.pipeline;

import java.util.List;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import no.budstikke.delivery.ArtemisDeliveryQueue;
import no.budstikke.delivery.Delivery;
import no.budstikke.delivery.DeliveryAuthorizer;
import no.budstikke.delivery.DeliveryLog;
import no.budstikke.delivery.DeliveryOutcomes;
import no.budstikke.delivery.DeliveryTargets;
import no.budstikke.delivery.FanOutDelivery;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsMessage;

/**
 * {@code delivery-webhook}: takes delivery messages (an event's jobs for all its subscriptions) off the Artemis
 * queue, drops jobs the delivery log shows were already tried (only for messages that may repeat one), finds their
 * subscriptions, asks the policy decision point once more, and pushes every job on its own (webhook, or the
 * subscriber's AMQP queue): no push waits for another subscriber's. The message is acknowledged once its pushes
 * are over or left to finish on their own, and any jobs that must wait are durably back in the queue, so a crash
 * repeats at most the pushes in flight, never loses one. {@code consumers}: messages taken off the queue at once.
 */
public class DeliveryRoutes extends RouteBuilder {

    private static final String POSTPONED = "budstikke.postponed";
    private static final String MAY_REPEAT = "budstikke.mayRepeat";

    private final int consumers;
    private final DeliveryTargets targets;
    private final DeliveryAuthorizer authorizer;
    private final FanOutDelivery fanOut;
    private final DeliveryOutcomes outcomes;
    private final DeliveryLog log;
    private final boolean traced;

    /** @param traced whether jobs are read with the trace context they carry (tracing on) */
    public DeliveryRoutes(int consumers, DeliveryTargets targets, DeliveryAuthorizer authorizer,
            FanOutDelivery fanOut, DeliveryOutcomes outcomes, DeliveryLog log, boolean traced) {
        this.traced = traced;
        this.consumers = consumers;
        this.targets = targets;
        this.authorizer = authorizer;
        this.fanOut = fanOut;
        this.outcomes = outcomes;
        this.log = log;
    }

    @Override
    public void configure() {
        from("jms:queue:" + ArtemisDeliveryQueue.QUEUE + "?concurrentConsumers=" + consumers
                + "&maxConcurrentConsumers=" + consumers + "&acknowledgementModeName=CLIENT_ACKNOWLEDGE"
                + "&mapJmsMessage=false")
                .routeId("delivery-webhook")
                .routeConfigurationId("pipeline-stage")
                .process(this::read)
                .filter(exchangeProperty(MAY_REPEAT))
                    .bean(log, "unsettled")
                .end()
                .process(exchange -> exchange.setProperty(POSTPONED, new DeliveryOutcomes.Postponed()))
                .bean(targets, "resolveAll")
                .bean(authorizer, "checkAll")
                .process(exchange -> fanOut.deliver(deliveries(exchange), postponed(exchange)))
                .process(exchange -> outcomes.sendBack(postponed(exchange)));
    }

    private void read(Exchange exchange) throws JMSException {
        Message message = exchange.getMessage(JmsMessage.class).getJmsMessage();
        exchange.setProperty(MAY_REPEAT, ArtemisDeliveryQueue.mayRepeat(message));
        exchange.getMessage().setBody(ArtemisDeliveryQueue.read(message, traced));
    }

    private static DeliveryOutcomes.Postponed postponed(Exchange exchange) {
        return exchange.getProperty(POSTPONED, DeliveryOutcomes.Postponed.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Delivery> deliveries(Exchange exchange) {
        return exchange.getMessage().getBody(List.class);
    }
}
