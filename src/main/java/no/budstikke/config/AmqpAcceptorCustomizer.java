package no.budstikke.config;

import no.budstikke.delivery.ArtemisDeliveryQueue;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sets up the embedded Artemis broker: an AMQP 1.0 acceptor for external publishers and consumers, a journal that
 * survives kill -9, and endless redelivery for delivery jobs.
 */
@Component
public class AmqpAcceptorCustomizer implements ArtemisConfigurationCustomizer {

    private final BudstikkeProperties properties;

    public AmqpAcceptorCustomizer(BudstikkeProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(Configuration configuration) {
        try {
            configuration.addAcceptorConfiguration("amqp",
                    "tcp://" + properties.broker().amqpHost() + ":" + properties.broker().amqpPort() + "?protocols=AMQP,CORE");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add the AMQP acceptor on port " + properties.broker().amqpPort(), e);
        }
        // The journal must survive kill -9; the embedded broker keeps it next to the database's data.
        configuration.setJournalSyncTransactional(true);
        configuration.setJournalSyncNonTransactional(true);
        // A delivery job whose attempt crashed is offered again, as often as it takes: it is never dropped.
        configuration.addAddressSetting(ArtemisDeliveryQueue.QUEUE, new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000));
    }
}
