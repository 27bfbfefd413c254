package no.budstikke.ingress.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.web.MethodNotAllowedException;
import no.budstikke.web.NotFoundException;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.http.common.HttpCommonEndpoint;
import org.apache.camel.http.common.HttpConsumer;

/**
 * Answers a request to the API that no route serves: 405 with the methods the path does take when some route
 * serves that path, 404 otherwise.
 */
public final class UnmatchedRequests {

    /** The order the Allow header lists methods in. */
    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE");

    private UnmatchedRequests() {
    }

    public static void refuse(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        Set<String> served = new LinkedHashSet<>();
        for (Route route : exchange.getContext().getRoutes()) {
            // A REST DSL route's consumer is the servlet consumer of its path and verb.
            if (route.getConsumer() instanceof HttpConsumer consumer) {
                HttpCommonEndpoint endpoint = consumer.getEndpoint();
                if (!endpoint.isMatchOnUriPrefix() && endpoint.getHttpMethodRestrict() != null
                        && matches(segments(URLDecoder.decode(endpoint.getPath(), StandardCharsets.UTF_8)), segments(path))) {
                    served.addAll(List.of(endpoint.getHttpMethodRestrict().toUpperCase(Locale.ROOT).split(",")));
                }
            }
        }
        if (served.isEmpty()) {
            throw new NotFoundException("Nothing is served at " + path);
        }
        List<String> allowed = METHODS.stream().filter(served::contains).toList();
        throw new MethodNotAllowedException(request.getMethod(), String.join(", ", allowed));
    }

    /** The path's segments, without the leading and trailing slashes Camel's servlet ignores too. */
    private static List<String> segments(String path) {
        return List.of(path.split("/+")).stream().filter(s -> !s.isEmpty()).toList();
    }

    private static boolean matches(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String part = template.get(i);
            boolean variable = part.startsWith("{") && part.endsWith("}");
            if (!variable && !part.equalsIgnoreCase(path.get(i))) {
                return false;
            }
        }
        return true;
    }
}
