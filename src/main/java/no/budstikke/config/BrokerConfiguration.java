package no.budstikke.config;


import jakarta.jms.ConnectionFactory;
import no.budstikke.delivery.SubscriberQueueKeeper;
import no.budstikke.ingress.AmqpIngress;
import no.budstikke.ingress.AmqpIngressMessages;
import no.budstikke.pipeline.PublishPipeline;
import no.budstikke.authorization.PublishAuthorizer;
import no.budstikke.broker.BrokerSecurity;
import no.budstikke.delivery.SubscriberQueueSweep;
import no.budstikke.event.EventNormalizer;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.store.GroupCommitWriter;
import no.budstikke.subscription.QueueReaders;
import no.budstikke.tracing.Tracing;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.connection.DelegatingConnectionFactory;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The broker as the hub sets it up: the security manager and users from configuration, logins only with SASL
 * credentials, and the queues of {@code amqp:} subscribers.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    @Bean
    BrokerSecurity brokerSecurity(BudstikkeProperties properties, QueueReaders readers) {
        BudstikkeProperties.Broker broker = properties.broker();
        return new BrokerSecurity(broker.users(), readers, broker.hubUser(), broker.hubPassword());
    }

    /**
     * Who reads which subscriber queues, for which identity. Built from the broker users also when the broker is
     * external: the hub's configuration still says which identity's subscriptions may fill which queues.
     */
    @Bean
    QueueReaders queueReaders(BudstikkeProperties properties) {
        return new QueueReaders(properties.broker().users().stream()
                .map(user -> new QueueReaders.Reader(user.username(), user.identity(), user.queues())).toList());
    }

    @Bean
    AmqpIngressMessages amqpIngressMessages(BrokerSecurity security, Tracing tracing) {
        return new AmqpIngressMessages(security, tracing.on());
    }

    /**
     * The AMQP door. The publisher's identity comes from the broker's stamp, and only a Budstikke broker stamps: so
     * it runs with the embedded broker, or where {@code budstikke.broker.ingress=true} says the external broker is
     * another Budstikke node's.
     */
    @Bean
    AmqpIngress amqpIngress(ConnectionFactory connectionFactory, AmqpIngressMessages messages, PublishPipeline pipeline,
            BudstikkeProperties properties,
            @Value("${spring.artemis.mode:embedded}") String brokerMode) {
        BudstikkeProperties.Broker broker = properties.broker();
        boolean embedded = !"native".equalsIgnoreCase(brokerMode);
        return new AmqpIngress(connectionFactory, messages, pipeline,
                broker.ingressConsumers(), broker.ingressBatch(), broker.ingress() == null ? embedded : broker.ingress());
    }

    /**
     * No way into the embedded broker without credentials (AMQP: SASL PLAIN; a connection without SASL is closed
     * before it can open a link). Artemis 2.x has no acceptor switch for that: it lets a connection skip SASL exactly
     * when the security manager accepts a login without user and password, which {@link BrokerSecurity} does only
     * for the in-VM hub; the authentication cache would undo that, so it is off. (The built-in cluster account, which
     * passes every permission check, gets a random password from Boot; PlainAmqpClientIT checks it stays refused.)
     */
    @Bean
    ArtemisConfigurationCustomizer brokerLogins() {
        return configuration -> {
            // Artemis caches a login under its user, password and client certificate alone, so the in-VM hub's
            // login (neither user nor password) would let any network connection without SASL in as the hub.
            configuration.setAuthenticationCacheSize(0);
            // A queue stays when its last reader leaves, so a subscriber's queue is there when the reader returns
            // (added to Boot's catch-all settings, which name the dead-letter and expiry queues).
            configuration.getAddressSettings().computeIfAbsent("#", match -> new AddressSettings())
                    .setAutoDeleteQueues(false).setAutoDeleteAddresses(false);
        };
    }

    /**
     * The queues of {@code amqp:} subscribers, created and removed through the hub's own broker connection (in-VM
     * with the embedded broker, the core protocol with another node's).
     */
    @Bean(destroyMethod = "close")
    SubscriberQueueKeeper subscriberQueues(ConnectionFactory connectionFactory, JdbcTemplate jdbc,
            PlatformTransactionManager transactions, BudstikkeProperties properties) {
        ActiveMQConnectionFactory artemis = artemis(connectionFactory);
        BudstikkeProperties.SubscriberQueues queues = properties.broker().subscriberQueues();
        return new SubscriberQueueKeeper(jdbc, new TransactionTemplate(transactions), artemis.getServerLocator(),
                artemis.getUser(), artemis.getPassword(), queues.grace(), queues.managementTimeout());
    }

    @Bean
    SubscriberQueueSweep subscriberQueueSweep(SubscriberQueueKeeper queues) {
        return new SubscriberQueueSweep(queues);
    }

    private static ActiveMQConnectionFactory artemis(ConnectionFactory factory) {
        ConnectionFactory target = factory;
        while (!(target instanceof ActiveMQConnectionFactory)) {
            if (target instanceof SingleConnectionFactory single) {
                target = single.getTargetConnectionFactory();
            } else if (target instanceof DelegatingConnectionFactory delegating) {
                target = delegating.getTargetConnectionFactory();
            } else {
                throw new IllegalStateException("Subscriber queues need an Artemis connection factory, not "
                        + (target == null ? "none" : target.getClass().getName()));
            }
        }
        return (ActiveMQConnectionFactory) target;
    }

    /**
     * The embedded broker starts after the datasource and so stops before it: on the way down the delivery and
     * dispatch stages still finish their broker work while the database is there for their last writes.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanFactoryPostProcessor brokerAfterDataSource() {
        return factory -> {
            if (!factory.containsBeanDefinition("dataSource")) {
                return;
            }
            for (String broker : factory.getBeanNamesForType(EmbeddedActiveMQ.class, true, false)) {
                var definition = factory.getBeanDefinition(broker);
                java.util.List<String> dependsOn = new java.util.ArrayList<>(definition.getDependsOn() == null
                        ? java.util.List.of() : java.util.List.of(definition.getDependsOn()));
                dependsOn.add("dataSource");
                definition.setDependsOn(dependsOn.toArray(String[]::new));
            }
        };
    }

    /** Hands the security manager to Boot's embedded broker before it starts (Boot has no setting for it). */
    @Bean
    static BeanPostProcessor brokerSecurityInstaller(ObjectProvider<BrokerSecurity> security) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof EmbeddedActiveMQ broker) {
                    broker.setSecurityManager(security.getObject());
                }
                return bean;
            }
        };
    }
}
