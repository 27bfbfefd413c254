package no.budstikke.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletRegistrationBean;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/** In the running hub, the introspector looks at the requests of the servlet Spring MVC is registered as. */
class SpringMvcOnlyIntrospectorIT extends HubIntegrationTest {

    @Autowired
    private HandlerMappingIntrospector introspector;

    @Autowired
    private DispatcherServletRegistrationBean springMvc;

    @Test
    void theIntrospectorFollowsSpringMvcsServletByTheNameItIsRegisteredUnder() {
        // A wrong name would leave Spring MVC's own requests (console, dev token, health) without the look-up.
        assertThat(introspector).isInstanceOf(SpringMvcOnlyIntrospector.class);
        assertThat(((SpringMvcOnlyIntrospector) introspector).dispatcherServlet()).isEqualTo(springMvc.getServletName());
    }
}
