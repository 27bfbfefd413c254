package no.budstikke.ingress.http;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;

/** Camel's servlet for the API, resolving requests with {@link StaticPathResolver}. */
public class ApiServlet extends CamelHttpTransportServlet {

    @Override
    public void init(ServletConfig config) throws ServletException {
        // Camel's init sets its own resolver, so ours can only be set after it.
        super.init(config);
        setServletResolveConsumerStrategy(new StaticPathResolver());
    }
}
