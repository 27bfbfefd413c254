package no.budstikke.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends one event to a webhook: {@code application/cloudevents+json}, Standard Webhooks headers, a
 * {@code traceparent}; pooled keep-alive connections, no redirects, at most a few KiB of the answer read.
 * Slack endpoints get {@code {"text": "<event json>"}} instead.
 */
public final class WebhookPusher {

    private static final int MAX_RESPONSE_BYTES = 4096;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final WebhookSigner signer = new WebhookSigner();
    private final EndpointGuard guard;

    public WebhookPusher(EndpointGuard guard) {
        this.guard = guard;
    }

    /** {@code webhookId} stays the same across retries of one delivery, so receivers can drop duplicates. */
    public PushOutcome push(URI endpoint, String signingSecret, String webhookId, String eventJson, Duration timeout,
            String traceparent) {
        long started = System.nanoTime();
        String refusal = guard.refusal(endpoint);
        if (refusal != null) {
            return new PushOutcome(PushOutcome.Kind.FAILED, 0, null, "endpoint " + refusal, elapsed(started));
        }
        byte[] body = (isSlack(endpoint) ? slack(eventJson) : eventJson).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", isSlack(endpoint) ? "application/json" : "application/cloudevents+json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.signature(signingSecret, webhookId, timestamp, body))
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answer = response.body()) {
                answer.readNBytes(MAX_RESPONSE_BYTES);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new PushOutcome(PushOutcome.Kind.DELIVERED, status, null, null, elapsed(started));
            }
            if (status == 410) {
                return new PushOutcome(PushOutcome.Kind.GONE, status, null, "410 Gone", elapsed(started));
            }
            Optional<Duration> retryAfter = (status == 429 || status == 503)
                    ? response.headers().firstValue("Retry-After").flatMap(WebhookPusher::seconds) : Optional.empty();
            if (retryAfter.isPresent()) {
                return new PushOutcome(PushOutcome.Kind.DEFERRED, status, retryAfter.get(), "HTTP " + status, elapsed(started));
            }
            return new PushOutcome(PushOutcome.Kind.FAILED, status, null, "HTTP " + status, elapsed(started));
        } catch (HttpTimeoutException e) {
            return new PushOutcome(PushOutcome.Kind.FAILED, 0, null, "timed out after " + timeout, elapsed(started));
        } catch (IOException e) {
            return new PushOutcome(PushOutcome.Kind.FAILED, 0, null, "connection failed: " + e.getClass().getSimpleName(),
                    elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PushOutcome(PushOutcome.Kind.FAILED, 0, null, "interrupted", elapsed(started));
        }
    }

    private static boolean isSlack(URI endpoint) {
        return "hooks.slack.com".equalsIgnoreCase(endpoint.getHost());
    }

    private static String slack(String eventJson) {
        return "{\"text\":\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(eventJson))
                + "\"}";
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
