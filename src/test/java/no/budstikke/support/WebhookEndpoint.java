package no.budstikke.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;

/**
 * A subscriber's endpoint for tests that watch deliveries succeed and fail: a small HTTP server on 127.0.0.1 that
 * agrees to every webhook validation (either handshake) and answers a push 200 when {@code accepts} takes its path,
 * else 500.
 */
public final class WebhookEndpoint implements AutoCloseable {

    private final HttpServer server;

    public WebhookEndpoint(Predicate<String> accepts) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean validation = "OPTIONS".equals(exchange.getRequestMethod())
                    || new String(body, StandardCharsets.UTF_8).contains("validatesubscription");
            String origin = exchange.getRequestHeaders().getFirst("WebHook-Request-Origin");
            if (origin != null) {
                exchange.getResponseHeaders().add("WebHook-Allowed-Origin", origin);
            }
            exchange.sendResponseHeaders(validation || accepts.test(exchange.getRequestURI().getPath()) ? 200 : 500, -1);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
