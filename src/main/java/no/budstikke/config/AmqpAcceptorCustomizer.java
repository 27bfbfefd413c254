package no.budstikke.config;

import org.apache.activemq.artemis.core.config.Configuration;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/** Opens an AMQP 1.0 acceptor on the embedded Artemis broker for external publishers and consumers. */
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
                    "tcp://" + properties.broker().amqpHost() + ":" + properties.broker().amqpPort() + "?protocols=AMQP");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add the AMQP acceptor on port " + properties.broker().amqpPort(), e);
        }
        // The journal must survive kill -9; the embedded broker keeps it next to the database's data.
        configuration.setJournalSyncTransactional(true);
        configuration.setJournalSyncNonTransactional(true);
    }
}
