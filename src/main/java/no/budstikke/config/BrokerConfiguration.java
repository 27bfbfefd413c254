package no.budstikke.config;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
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
    no.budstikke.ingress.AmqpIngressMessages amqpIngressMessages(BrokerSecurity security,
            jakarta.jms.ConnectionFactory connectionFactory, HubMetrics metrics) {
        org.springframework.jms.core.JmsTemplate template = new org.springframework.jms.core.JmsTemplate(connectionFactory);
        template.setDeliveryPersistent(true);
        template.setExplicitQosEnabled(true);
        return new no.budstikke.ingress.AmqpIngressMessages(security, template, metrics);
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
