package no.budstikke.config;

import jakarta.servlet.Servlet;
import no.budstikke.ingress.http.ApiServlet;
import no.budstikke.ingress.http.SpringMvcOnlyIntrospector;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * Serves the API with Camel's servlet that finds the routes of fixed paths by one lookup ({@link ApiServlet}), and
 * keeps Spring MVC's request introspection to the requests Spring MVC serves.
 */
@Configuration(proxyBeanMethods = false)
public class ServletRoutingConfiguration {

    /**
     * Spring MVC's introspector looks only at the requests Spring MVC serves ({@link SpringMvcOnlyIntrospector});
     * the bean is replaced before its initialisation, which then finds the handler mappings as usual.
     */
    @Bean
    static BeanPostProcessor springMvcOnlyIntrospectorInstaller() {
        return new IntrospectorInstaller();
    }

    private static final class IntrospectorInstaller implements BeanPostProcessor, ApplicationContextAware {

        private ApplicationContext context;

        @Override
        public void setApplicationContext(ApplicationContext context) {
            this.context = context;
        }

        /** Before initialisation, so that Spring initialises the replacement (it finds the handler mappings then). */
        @Override
        public Object postProcessBeforeInitialization(Object bean, String name) {
            if (bean.getClass() == HandlerMappingIntrospector.class) {
                SpringMvcOnlyIntrospector introspector = new SpringMvcOnlyIntrospector(
                        DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME);
                introspector.setApplicationContext(context);
                return introspector;
            }
            return bean;
        }
    }

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
