package no.budstikke.pipeline;

import no.budstikke.config.BudstikkeProperties;
import no.budstikke.config.RouteErrorConfiguration;
import no.budstikke.delivery.AmqpDelivery;
import no.budstikke.delivery.ArtemisDeliveryQueue;
import no.budstikke.delivery.Delivery;
import no.budstikke.delivery.DeliveryAuthorizer;
import no.budstikke.delivery.DeliveryOutcomes;
import no.budstikke.delivery.DeliveryTargets;
import no.budstikke.delivery.WebhookDelivery;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsMessage;
import org.springframework.stereotype.Component;

/**
 * {@code delivery-webhook}: takes delivery jobs off the Artemis queue, finds their subscription, asks the policy
 * decision point once more, pushes (webhook, or the subscriber's AMQP queue) and acts on the outcome. A message is
 * acknowledged only when the attempts of all its jobs are over and any retries are queued, so a crash repeats an
 * attempt, never loses one.
 */
@Component
public class DeliveryRoutes extends RouteBuilder {

    private static final String POSTPONED = "budstikke.postponed";

    private final BudstikkeProperties properties;
    private final DeliveryTargets targets;
    private final DeliveryAuthorizer authorizer;
    private final WebhookDelivery webhooks;
    private final AmqpDelivery amqp;
    private final DeliveryOutcomes outcomes;

    public DeliveryRoutes(BudstikkeProperties properties, DeliveryTargets targets, DeliveryAuthorizer authorizer,
            WebhookDelivery webhooks, AmqpDelivery amqp, DeliveryOutcomes outcomes) {
        this.properties = properties;
        this.targets = targets;
        this.authorizer = authorizer;
        this.webhooks = webhooks;
        this.amqp = amqp;
        this.outcomes = outcomes;
    }

    @Override
    public void configure() {
        int consumers = properties.delivery().consumers();
        from("jms:queue:" + ArtemisDeliveryQueue.QUEUE + "?concurrentConsumers=" + consumers
                + "&maxConcurrentConsumers=" + consumers + "&acknowledgementModeName=CLIENT_ACKNOWLEDGE"
                + "&mapJmsMessage=false")
                .routeId("delivery-webhook")
                .routeConfigurationId(RouteErrorConfiguration.PIPELINE_STAGE)
                .process(exchange -> exchange.getMessage().setBody(
                        ArtemisDeliveryQueue.read(exchange.getMessage(JmsMessage.class).getJmsMessage())))
                .process(exchange -> exchange.setProperty(POSTPONED, new DeliveryOutcomes.Postponed()))
                .bean(targets, "resolveAll")
                .bean(authorizer, "checkAll")
                // One message carries an event's jobs for all its subscriptions; a retry carries one.
                .split(body()).stopOnException()
                    .choice()
                        .when(exchange -> awaitsPush(exchange) && delivery(exchange).isAmqp())
                            .bean(amqp, "deliver")
                        .when(DeliveryRoutes::awaitsPush)
                            .bean(webhooks, "deliver")
                    .end()
                    .process(exchange -> outcomes.record(delivery(exchange), postponed(exchange)))
                .end()
                .process(exchange -> outcomes.sendBack(postponed(exchange)));
    }

    private static DeliveryOutcomes.Postponed postponed(Exchange exchange) {
        return exchange.getProperty(POSTPONED, DeliveryOutcomes.Postponed.class);
    }

    private static Delivery delivery(Exchange exchange) {
        return exchange.getMessage().getBody(Delivery.class);
    }

    private static boolean awaitsPush(Exchange exchange) {
        return !delivery(exchange).decided();
    }
}
