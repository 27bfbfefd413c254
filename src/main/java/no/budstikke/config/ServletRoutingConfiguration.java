package no.budstikke.config;

import jakarta.servlet.Servlet;
import no.budstikke.ingress.http.ApiServlet;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves the API with Camel's servlet that finds the routes of fixed paths by one lookup ({@link ApiServlet}). */
@Configuration(proxyBeanMethods = false)
public class ServletRoutingConfiguration {

    @Bean
    static BeanPostProcessor staticPathResolverInstaller() {
        return new BeanPostProcessor() {
            @Override
            @SuppressWarnings("unchecked")
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof ServletRegistrationBean<?> registration
                        && registration.getServlet() != null
                        && registration.getServlet().getClass() == CamelHttpTransportServlet.class) {
                    ((ServletRegistrationBean<Servlet>) registration).setServlet(new ApiServlet());
                }
                return bean;
            }
        };
    }
}
