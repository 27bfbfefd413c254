package no.budstikke.config;

import no.budstikke.delivery.ArtemisDeliveryQueue;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sets up the embedded Artemis broker: an AMQP 1.0 acceptor for external publishers and consumers (authenticated,
 * with per-address permissions), a journal that survives kill -9, and endless redelivery for delivery jobs.
 */
@Component
public class AmqpAcceptorCustomizer implements ArtemisConfigurationCustomizer {

    private final BudstikkeProperties properties;
    private final BrokerSecurity security;

    public AmqpAcceptorCustomizer(BudstikkeProperties properties, BrokerSecurity security) {
        this.properties = properties;
        this.security = security;
    }

    @Override
    public void customize(Configuration configuration) {
        try {
            configuration.addAcceptorConfiguration("amqp",
                    "tcp://" + properties.broker().amqpHost() + ":" + properties.broker().amqpPort() + "?protocols=AMQP,CORE;saslMechanisms=PLAIN");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add the AMQP acceptor on port " + properties.broker().amqpPort(), e);
        }
        // No anonymous access; who may do what is BrokerSecurity's (set on the broker by BrokerConfiguration).
        configuration.setSecurityEnabled(true);
        configuration.registerBrokerPlugin(new SenderStamp());
        security.roles().forEach(configuration::putSecurityRoles);
        // The journal must survive kill -9; the embedded broker keeps it next to the database's data.
        configuration.setJournalSyncTransactional(true);
        configuration.setJournalSyncNonTransactional(true);
        // A message handed to a consumer is marked so before it goes out, so after a crash of the hub (and its
        // embedded broker) the messages it had in hand come back flagged as redelivered: only for those does the
        // delivery route ask the log which of their jobs were pushed already (DeliveryLog.unsettled).
        configuration.setPersistDeliveryCountBeforeDelivery(true);
        // A delivery job whose attempt crashed is offered again, as often as it takes: it is never dropped.
        configuration.addAddressSetting(ArtemisDeliveryQueue.QUEUE, new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000));
        // So is a published message whose commit to the store failed: it waits on the queue until the store is back.
        configuration.addAddressSetting(BrokerSecurity.INBOUND, new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(30_000));
    }
}
