package no.budstikke.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import no.budstikke.subscription.EndpointGuard;

/**
 * Asks a webhook endpoint whether it wants the hub's events, before any delivery: first the CloudEvents webhook
 * handshake ({@code OPTIONS} with {@code WebHook-Request-Origin}, answered by a matching
 * {@code WebHook-Allowed-Origin}), then Altinn's (a POST of a {@code platform.events.validatesubscription}
 * CloudEvent, signed per Standard Webhooks as every push is, answered with any 2xx). Redirects are not followed;
 * the endpoint guard runs before each call.
 */
public final class EndpointValidator {

    /** The outcome: valid, or the reason it is not (kept visible on the subscription). */
    public record Result(boolean valid, String reason) {
    }

    private final HttpClient http;
    private final Duration timeout;
    private final WebhookSigner signer = new WebhookSigner();
    private final EndpointGuard guard;
    private final String origin;
    private final String subscriptionsBaseUrl;

    /**
     * {@code origin}: the hub's name in the handshake; {@code subscriptionsBaseUrl}: the source of Altinn's event;
     * {@code connectTimeout} and {@code timeout} bound each handshake call.
     */
    public EndpointValidator(EndpointGuard guard, String origin, String subscriptionsBaseUrl, Duration connectTimeout,
            Duration timeout) {
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        this.timeout = timeout;
        this.guard = guard;
        this.origin = origin;
        this.subscriptionsBaseUrl = subscriptionsBaseUrl;
    }

    /** {@code signingSecret}: the subscription's, which signs Altinn's validation event like every later push. */
    public Result validate(URI endpoint, long subscriptionId, String signingSecret) {
        String refusal = guard.refusal(endpoint);
        if (refusal != null) {
            return new Result(false, "endpoint " + refusal);
        }
        try {
            HttpResponse<Void> options = http.send(HttpRequest.newBuilder(endpoint)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("WebHook-Request-Origin", origin)
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.discarding());
            String allowed = options.headers().firstValue("WebHook-Allowed-Origin").orElse(null);
            if (isSuccess(options.statusCode()) && (origin.equals(allowed) || "*".equals(allowed))) {
                return new Result(true, null);
            }
            String eventId = UUID.randomUUID().toString();
            byte[] event = ("{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"" + subscriptionsBaseUrl + "/"
                    + subscriptionId + "\",\"type\":\"platform.events.validatesubscription\"}").getBytes(StandardCharsets.UTF_8);
            // Signed like a push: a receiver built on a Standard Webhooks library refuses any POST it cannot verify.
            long timestamp = System.currentTimeMillis() / 1000;
            HttpResponse<Void> post = http.send(HttpRequest.newBuilder(endpoint)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event))
                    .header("Content-Type", "application/cloudevents+json")
                    .header("webhook-id", eventId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signer.signature(signingSecret, eventId, timestamp, event))
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.discarding());
            if (isSuccess(post.statusCode())) {
                return new Result(true, null);
            }
            return new Result(false, "the endpoint answered the validation event with HTTP " + post.statusCode()
                    + " (and the OPTIONS handshake with " + options.statusCode() + ")");
        } catch (IOException e) {
            return new Result(false, "the endpoint could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }
}
