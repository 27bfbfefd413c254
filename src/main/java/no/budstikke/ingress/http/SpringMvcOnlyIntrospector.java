package no.budstikke.ingress.http;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * Spring MVC's handler-mapping introspector, made to look only at the requests Spring MVC serves. Spring Security
 * runs the introspector's look-up in front of its filter chain for every request, so that its MVC request matchers
 * can reuse the answer; for a request to Camel's servlet — the whole API — the look-up tries every handler mapping,
 * finds none, and nothing reads the answer. A profile of single-event publishing put a tenth of the request
 * threads' CPU there.
 */
public final class SpringMvcOnlyIntrospector extends HandlerMappingIntrospector {

    private final String dispatcherServlet;

    /** @param dispatcherServlet the name Spring MVC's servlet is registered under */
    public SpringMvcOnlyIntrospector(String dispatcherServlet) {
        this.dispatcherServlet = dispatcherServlet;
    }

    /** The servlet whose requests are introspected: the name Spring MVC's servlet must be registered under. */
    public String dispatcherServlet() {
        return dispatcherServlet;
    }

    @Override
    public Filter createCacheFilter() {
        Filter introspecting = super.createCacheFilter();
        return (request, response, chain) -> {
            if (servedBySpringMvc((HttpServletRequest) request)) {
                introspecting.doFilter(request, response, chain);
            } else {
                chain.doFilter(request, response);
            }
        };
    }

    private boolean servedBySpringMvc(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        return mapping == null || dispatcherServlet.equals(mapping.getServletName());
    }
}
