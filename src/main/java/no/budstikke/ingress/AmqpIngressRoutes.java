package no.budstikke.ingress;

import no.budstikke.authorization.PublishDeniedException;
import no.budstikke.config.BrokerSecurity;
import no.budstikke.config.BudstikkeProperties;
import no.budstikke.event.EventTooLargeException;
import no.budstikke.event.InvalidEventException;
import no.budstikke.event.UnsupportedContentTypeException;
import no.budstikke.store.ConflictingEventException;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code ingress-amqp}: CloudEvents sent to {@code events.inbound} on the hub's broker (AMQP 1.0, SASL) run the same
 * pipeline as HTTP publishing. Each message is taken in a broker transaction that commits only after its events
 * are committed to the store — a crash before that leaves it on the queue. What the pipeline refuses (invalid,
 * unauthorized, too large, conflicting) is moved to {@code events.inbound.invalid} with the reason and settled;
 * anything else (the store unavailable) rolls back, and the broker offers the message again.
 */
@Component
public class AmqpIngressRoutes extends RouteBuilder {

    private final AmqpIngressMessages messages;
    private final BudstikkeProperties properties;
    private final boolean embeddedBroker;

    public AmqpIngressRoutes(AmqpIngressMessages messages, BudstikkeProperties properties,
            @Value("${spring.artemis.mode:embedded}") String brokerMode) {
        this.messages = messages;
        this.properties = properties;
        this.embeddedBroker = !"native".equalsIgnoreCase(brokerMode);
    }

    @Override
    public void configure() {
        int consumers = Math.max(1, properties.broker().ingressConsumers());
        from("jms:queue:" + BrokerSecurity.INBOUND + "?transacted=true&concurrentConsumers=" + consumers
                + "&maxConcurrentConsumers=" + consumers + "&mapJmsMessage=false&cacheLevelName=CACHE_CONSUMER")
                .routeId("ingress-amqp")
                // The publisher's identity comes from the broker's stamp: only a Budstikke broker stamps.
                .autoStartup(properties.broker().ingress() == null ? embeddedBroker : properties.broker().ingress())
                .onException(InvalidEventException.class, PublishDeniedException.class, EventTooLargeException.class,
                        UnsupportedContentTypeException.class, ConflictingEventException.class)
                    .handled(true)
                    .process(messages::reject)
                .end()
                .process(messages::read)
                .to("direct:pipeline-normalize")
                .to("direct:pipeline-authorize")
                .to("direct:pipeline-persist");
    }
}
