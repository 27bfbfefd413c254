package no.budstikke.config;

import jakarta.jms.ConnectionFactory;
import no.budstikke.authorization.PublishAuthorizer;
import no.budstikke.event.EventNormalizer;
import no.budstikke.ingress.AmqpIngress;
import no.budstikke.ingress.AmqpIngressMessages;
import no.budstikke.store.GroupCommitWriter;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded broker's security: the users from configuration, and the manager the broker asks. */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    @Bean
    BrokerSecurity brokerSecurity(BudstikkeProperties properties) {
        BudstikkeProperties.Broker broker = properties.broker();
        return new BrokerSecurity(broker.users(), broker.hubUser(), broker.hubPassword());
    }

    @Bean
    AmqpIngressMessages amqpIngressMessages(BrokerSecurity security) {
        return new AmqpIngressMessages(security);
    }

    /**
     * The AMQP door. The publisher's identity comes from the broker's stamp, and only a Budstikke broker stamps: so
     * it runs with the embedded broker, or where {@code budstikke.broker.ingress=true} says the external broker is
     * another Budstikke node's.
     */
    @Bean
    AmqpIngress amqpIngress(ConnectionFactory connectionFactory, AmqpIngressMessages messages, EventNormalizer normalizer,
            PublishAuthorizer authorizer, GroupCommitWriter writer, HubMetrics metrics, BudstikkeProperties properties,
            @Value("${spring.artemis.mode:embedded}") String brokerMode) {
        BudstikkeProperties.Broker broker = properties.broker();
        boolean embedded = !"native".equalsIgnoreCase(brokerMode);
        return new AmqpIngress(connectionFactory, messages, normalizer, authorizer, writer, metrics,
                broker.ingressConsumers(), broker.ingress() == null ? embedded : broker.ingress());
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
