package no.budstikke.config;

import no.budstikke.ingress.http.StaticPathResolver;
import org.apache.camel.http.common.CamelServlet;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gives Camel's servlet the resolver that finds the routes of fixed paths by one lookup. */
@Configuration(proxyBeanMethods = false)
public class ServletRoutingConfiguration {

    @Bean
    static BeanPostProcessor staticPathResolverInstaller() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof ServletRegistrationBean<?> registration
                        && registration.getServlet() instanceof CamelServlet servlet) {
                    servlet.setServletResolveConsumerStrategy(new StaticPathResolver());
                }
                return bean;
            }
        };
    }
}
