package no.budstikke.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.context.support.StaticWebApplicationContext;

class SpringMvcOnlyIntrospectorTest {

    private final SpringMvcOnlyIntrospector introspector = new SpringMvcOnlyIntrospector("dispatcherServlet");

    @BeforeEach
    void initialise() {
        StaticWebApplicationContext context = new StaticWebApplicationContext();
        context.setServletContext(new MockServletContext());
        context.refresh();
        introspector.setApplicationContext(context);
        introspector.afterPropertiesSet();
    }

    /** The request attributes the rest of the chain sees that the introspector left. */
    private List<String> introspectionSeenBy(String servlet) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/events/api/v1/events");
        request.setHttpServletMapping(new MockHttpServletMapping("/events/api/v1/events", "/*", servlet, MappingMatch.PATH));
        List<String> seen = new java.util.ArrayList<>();
        FilterChain chain = (req, res) -> Collections.list(req.getAttributeNames()).stream()
                .filter(name -> name.contains("HandlerMappingIntrospector")).forEach(seen::add);
        introspector.createCacheFilter().doFilter(request, new MockHttpServletResponse(), chain);
        return seen;
    }

    @Test
    void aRequestToCamelsServletGoesOnWithoutTheHandlerLookUp() throws Exception {
        assertThat(introspectionSeenBy("CamelServlet")).isEmpty();
    }

    @Test
    void aRequestToSpringMvcIsIntrospectedAsBefore() throws Exception {
        assertThat(introspectionSeenBy("dispatcherServlet")).isNotEmpty();
    }
}
