package no.budstikke.config;

import no.budstikke.broker.BrokerSecurity;
import no.budstikke.broker.SenderStamp;
import no.budstikke.delivery.ArtemisDeliveryQueue;
import no.budstikke.security.LoopbackAddress;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sets up the embedded Artemis broker: an AMQP 1.0 acceptor for external publishers and consumers (authenticated,
 * with per-address permissions) — plain TCP for loopback, and AMQPS (TLS) when enabled for everyone else — a
 * journal that survives kill -9, and endless redelivery for delivery jobs.
 */
@Component
public class AmqpAcceptorCustomizer implements ArtemisConfigurationCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpAcceptorCustomizer.class);

    private final BudstikkeProperties properties;
    private final BrokerSecurity security;

    public AmqpAcceptorCustomizer(BudstikkeProperties properties, BrokerSecurity security) {
        this.properties = properties;
        this.security = security;
    }

    @Override
    public void customize(Configuration configuration) {
        var broker = properties.broker();
        addAcceptor(configuration, "amqp", "tcp://" + broker.amqpHost() + ":" + broker.amqpPort()
                + "?protocols=AMQP,CORE;saslMechanisms=PLAIN");
        if (!LoopbackAddress.is(broker.amqpHost()) && !"localhost".equals(broker.amqpHost())) {
            LOG.warn("The broker's plain AMQP acceptor listens on {}:{} without TLS: passwords and events cross the "
                    + "network in clear text. Enable budstikke.broker.amqps and keep amqp-host on loopback.",
                    broker.amqpHost(), broker.amqpPort());
        }
        var amqps = broker.amqps();
        if (amqps.enabled()) {
            if (amqps.keyStore() == null || amqps.keyStorePassword() == null) {
                throw new IllegalStateException("budstikke.broker.amqps is enabled without key-store and "
                        + "key-store-password: the TLS acceptor needs the server's key and certificate");
            }
            String host = amqps.host() == null ? broker.amqpHost() : amqps.host();
            String type = amqps.keyStoreType() == null ? "PKCS12" : amqps.keyStoreType();
            addAcceptor(configuration, "amqps", "tcp://" + host + ":" + amqps.port()
                    + "?protocols=AMQP,CORE;saslMechanisms=PLAIN;sslEnabled=true;enabledProtocols=TLSv1.2,TLSv1.3");
            // The key store's path and password go in as they are, not through the URI: Artemis decodes URI values
            // (more than once), which would garble a password holding '%', ';' or '&'.
            TransportConfiguration tls = configuration.getAcceptorConfigurations().stream()
                    .filter(acceptor -> "amqps".equals(acceptor.getName())).findFirst().orElseThrow();
            tls.getParams().put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, type);
            tls.getParams().put(TransportConstants.KEYSTORE_PATH_PROP_NAME, amqps.keyStore().toAbsolutePath().toString());
            tls.getParams().put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, amqps.keyStorePassword());
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
        configuration.addAddressSetting(ArtemisDeliveryQueue.QUEUE, redelivery(broker.redelivery().delivery()));
        // So is a published message whose commit to the store failed: it waits on the queue until the store is back.
        configuration.addAddressSetting(BrokerSecurity.INBOUND, redelivery(broker.redelivery().inbound()));
    }

    /** Never dropped: offered again after the delay, doubled per attempt up to the longest. */
    private static AddressSettings redelivery(BudstikkeProperties.RedeliveryDelay delay) {
        return new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(delay.delay().toMillis())
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(delay.maxDelay().toMillis());
    }

    private static void addAcceptor(Configuration configuration, String name, String uri) {
        try {
            configuration.addAcceptorConfiguration(name, uri);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add the broker's " + name + " acceptor: " + e.getMessage(), e);
        }
    }
}
