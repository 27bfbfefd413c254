package no.budstikke.config;

import no.budstikke.ingress.IntegratorRouteFiles;
import org.apache.camel.CamelContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The integrator's YAML routes directory, loaded once the hub is up (its own routes running) and then watched. */
@Configuration(proxyBeanMethods = false)
public class IntegratorRoutesConfiguration {

    @Bean
    IntegratorRouteFiles integratorRouteFiles(CamelContext camel, BudstikkeProperties properties) {
        return new IntegratorRouteFiles(camel, properties.routes().directory(), properties.routes().scanInterval());
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> integratorRoutesStart(IntegratorRouteFiles files) {
        return ready -> files.start();
    }
}
