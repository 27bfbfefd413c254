package no.budstikke.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a feed over HTTP for a connector: one GET with a timeout; a refused connection or a timeout is a
 * {@link FeedUnavailableException} (the connector backs off and keeps its place), every status is the caller's to
 * interpret (a 5xx is the same exception, raised by the caller with the feed's error code). Messages name the
 * feed's path, never query values or bodies.
 */
public final class FeedClient {

    private final Duration connectTimeout;
    private final Duration timeout;
    private final ObjectMapper json;
    /** Made at the first GET: the shipped connectors are off until configured, and a client costs a start ~0.1 s. */
    private HttpClient http;

    public FeedClient(Duration connectTimeout, Duration timeout, ObjectMapper json) {
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.json = json;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    public Response get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(request::setHeader);
        HttpResponse<byte[]> response;
        try {
            response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new FeedUnavailableException("GET " + uri.getPath() + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedUnavailableException("Interrupted while reading " + uri.getPath(), e);
        }
        return new Response(response.statusCode(), response.body(), response.headers().map(), json, uri.getPath());
    }

    /** A feed's answer: status, body and headers. */
    public record Response(int status, byte[] body, Map<String, java.util.List<String>> headers, ObjectMapper json,
            String path) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        /** The body as JSON; an unreadable body is the feed failing (its text is not quoted: it may hold personal data). */
        public JsonNode readJson() {
            try {
                return json.readTree(body);
            } catch (JsonProcessingException e) {
                throw new FeedUnavailableException("GET " + path + " answered " + status + " with a body that is not JSON");
            } catch (IOException e) {
                throw new FeedUnavailableException("GET " + path + " answered an unreadable body");
            }
        }

        /** {@code Retry-After} in seconds or as an HTTP date, or {@code fallback} when absent or unreadable. */
        public Duration retryAfter(Duration fallback) {
            Optional<String> value = header("Retry-After").map(String::trim);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value.get())));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(java.time.Instant.now(),
                            ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                    return until.isNegative() ? Duration.ZERO : until;
                } catch (DateTimeParseException notADate) {
                    return fallback;
                }
            }
        }

        /** The error's {@code kode} when the feed answered with its JSON error shape (its {@code melding} is not kept). */
        public String errorCode() {
            try {
                JsonNode error = json.readTree(body);
                if (error == null || !error.hasNonNull("kode")) {
                    return "-";
                }
                String code = error.get("kode").asText().replaceAll("[^A-Za-z0-9._-]", "");
                return code.substring(0, Math.min(code.length(), 40));
            } catch (IOException e) {
                return "-";
            }
        }
    }
}
