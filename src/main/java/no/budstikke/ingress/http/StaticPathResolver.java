package no.budstikke.ingress.http;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.http.common.HttpCommonEndpoint;
import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.HttpRestServletResolveConsumerStrategy;

/**
 * Finds the servlet route of a request to a path without variables ({@code POST /events}, {@code GET /events}) by
 * one map lookup, and leaves every other request to Camel's REST path matching.
 */
public final class StaticPathResolver extends HttpRestServletResolveConsumerStrategy {

    /** The consumers the index was built from, and the index: "METHOD path" (no slashes at either end) → consumer. */
    private record Index(Set<HttpConsumer> consumers, Map<String, HttpConsumer> byMethodAndPath) {
    }

    private volatile Index index = new Index(Set.of(), Map.of());

    @Override
    protected HttpConsumer doResolve(HttpServletRequest request, String method, Map<String, HttpConsumer> consumers) {
        // Camel matches every request against every consumer's path, splitting each: with one route per operation
        // that costs tens of microseconds on each publish and query. OPTIONS keeps Camel's own handling.
        String path = request.getPathInfo();
        if (path != null && !"OPTIONS".equalsIgnoreCase(method)) {
            HttpConsumer consumer = index(consumers).byMethodAndPath().get(key(method, path));
            if (consumer != null) {
                return consumer;
            }
        }
        return super.doResolve(request, method, consumers);
    }

    /** The index of the consumers there are now; rebuilt when a route starts or stops. */
    private Index index(Map<String, HttpConsumer> consumers) {
        Index current = index;
        if (current.consumers().size() == consumers.size() && current.consumers().containsAll(consumers.values())) {
            return current;
        }
        Map<String, HttpConsumer> byMethodAndPath = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (HttpConsumer consumer : consumers.values()) {
            HttpCommonEndpoint endpoint = consumer.getEndpoint();
            String restrict = endpoint.getHttpMethodRestrict();
            if (restrict == null || endpoint.isMatchOnUriPrefix() || consumer.getPath().contains("{")) {
                continue;
            }
            for (String method : restrict.split(",")) {
                String key = key(method.trim(), consumer.getPath());
                if (byMethodAndPath.putIfAbsent(key, consumer) != null) {
                    ambiguous.add(key);
                }
            }
        }
        ambiguous.forEach(byMethodAndPath::remove);
        Index built = new Index(Set.copyOf(consumers.values()), Map.copyOf(byMethodAndPath));
        index = built;
        return built;
    }

    /** As Camel matches: the method in any case, the path without the slashes at its ends and ignoring case. */
    private static String key(String method, String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.length() > start && path.endsWith("/") ? path.length() - 1 : path.length();
        return method.toUpperCase(Locale.ROOT) + " " + path.substring(start, end).toLowerCase(Locale.ROOT);
    }
}
