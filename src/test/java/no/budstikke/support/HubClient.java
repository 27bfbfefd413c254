package no.budstikke.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for the hub's API, as a publisher or consumer would use it (tokens from /dev/token). */
public class HubClient {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";
    public static final String PUBLISH = "altinn:events.publish";
    public static final String SUBSCRIBE = "altinn:events.subscribe";
    public static final String ADMIN = "altinn:events.publish.admin";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HubClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** A development token for the identity with the publish and subscribe scopes. */
    public String token(String identity) {
        return token(identity, List.of(PUBLISH, SUBSCRIBE));
    }

    public String token(String identity, List<String> scopes) {
        return TOKENS.computeIfAbsent(base + "|" + identity + "|" + scopes, key -> {
            String body = json(Map.of("identity", identity, "scopes", scopes));
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/dev/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
            }
            return parse(response.body()).get("access_token").asText();
        });
    }

    public HttpResponse<String> publish(String token, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + "/events/api/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public HttpResponse<String> post(String path, String token, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A request to the admin API (or any path) with an administrator's token; {@code json} may be null. */
    public HttpResponse<String> admin(String method, String path, String json) {
        return request(method, path, token("/org/budstikke-admin", List.of(ADMIN)), json);
    }

    /** Any method, with the given token; {@code json} may be null. */
    public HttpResponse<String> request(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }

    public HttpResponse<String> get(String token, String pathOrUrl) {
        return get(token, pathOrUrl, Map.of());
    }

    public HttpResponse<String> get(String token, String pathOrUrl, Map<String, String> headers) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * The sum of a metric's series in the hub's Prometheus scrape whose labels include all the given ones
     * ({@code door="ingress-amqp"}, …); 0 when there is none yet.
     */
    public double metric(String name, String... labels) {
        return get(null, "/prometheus").body().lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A valid event of the resource, as a JSON string. */
    public static String event(String id, String resource, String subject) {
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "urn:budstikke:test");
        event.put("type", "no.budstikke.test.created");
        event.put("resource", resource);
        if (subject != null) {
            event.put("subject", subject);
        }
        event.put("time", "2026-01-01T10:00:00Z");
        event.put("data", Map.of("n", id));
        return json(event);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
