package no.budstikke.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one event to a webhook: {@code application/cloudevents+json}, Standard Webhooks headers, a
 * {@code traceparent}; pooled keep-alive connections, no redirects, at most a few KiB of the answer read.
 * Slack endpoints get {@code {"text": "<event json>"}} instead. Host names are resolved through the
 * {@link EndpointGuard}, so the hub connects only to addresses the guard has just permitted.
 */
public final class WebhookPusher implements AutoCloseable {

    private static final int MAX_RESPONSE_BYTES = 4096;
    private static final ContentType CLOUDEVENTS = ContentType.create("application/cloudevents+json");

    private final CloseableHttpClient http;
    private final WebhookSigner signer = new WebhookSigner();

    public WebhookPusher(EndpointGuard guard, int maxConnections) {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedResolver(guard))
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .setUserAgent("Budstikke")
                .build();
    }

    /** {@code webhookId} stays the same across retries of one delivery, so receivers can drop duplicates. */
    public PushOutcome push(URI endpoint, String signingSecret, String webhookId, String eventJson, Duration timeout,
            String traceparent) {
        long started = System.nanoTime();
        boolean slack = isSlack(endpoint);
        byte[] body = (slack ? slack(eventJson) : eventJson).getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        HttpPost request = new HttpPost(endpoint);
        request.setConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .setConnectionRequestTimeout(Timeout.ofSeconds(30))
                .build());
        request.setHeader("webhook-id", webhookId);
        request.setHeader("webhook-timestamp", Long.toString(timestamp));
        request.setHeader("webhook-signature", signer.signature(signingSecret, webhookId, timestamp, body));
        request.setHeader("traceparent", traceparent);
        request.setEntity(new ByteArrayEntity(body, slack ? ContentType.APPLICATION_JSON : CLOUDEVENTS));
        try {
            ClassicHttpResponse response = http.executeOpen(null, request, null);
            PushOutcome outcome = outcome(response, elapsed(started));
            finish(request, response);
            return outcome;
        } catch (UnknownHostException e) {
            String message = e.getMessage() != null && e.getMessage().startsWith("refused: ")
                    ? "endpoint " + e.getMessage().substring("refused: ".length()) : "endpoint host does not resolve";
            return PushOutcome.failed(0, message, elapsed(started));
        } catch (SocketTimeoutException e) {
            return PushOutcome.failed(0, "timed out after " + timeout, elapsed(started));
        } catch (IOException e) {
            return PushOutcome.failed(0, "connection failed: " + e.getClass().getSimpleName(), elapsed(started));
        }
    }

    private static PushOutcome outcome(ClassicHttpResponse response, Duration latency) {
        int status = response.getCode();
        if (status >= 200 && status < 300) {
            return PushOutcome.delivered(status, latency);
        }
        if (status == 410) {
            return new PushOutcome(PushOutcome.Kind.GONE, status, null, "410 Gone", latency);
        }
        Header retryAfterHeader = (status == 429 || status == 503) ? response.getFirstHeader("Retry-After") : null;
        Optional<Duration> retryAfter = retryAfterHeader == null ? Optional.empty() : seconds(retryAfterHeader.getValue());
        if (retryAfter.isPresent()) {
            return new PushOutcome(PushOutcome.Kind.DEFERRED, status, retryAfter.get(), "HTTP " + status, latency);
        }
        return PushOutcome.failed(status, "HTTP " + status, latency);
    }

    /**
     * Reads at most a few KiB of the answer: a short one leaves the connection in the pool, a longer one is cut
     * off and its connection dropped rather than drained. The outcome is already decided by then.
     */
    private static void finish(HttpPost request, ClassicHttpResponse response) {
        try (response) {
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return;
            }
            InputStream content = entity.getContent();
            content.readNBytes(MAX_RESPONSE_BYTES);
            if (content.read() != -1) {
                request.cancel();
            } else {
                content.close();
            }
        } catch (IOException e) {
            // the answer's rest does not matter; the connection is not reused
        }
    }

    private static boolean isSlack(URI endpoint) {
        return "hooks.slack.com".equalsIgnoreCase(endpoint.getHost());
    }

    private static String slack(String eventJson) {
        return "{\"text\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(eventJson)) + "\"}";
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

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** Resolves endpoint hosts through the guard: a refused host does not resolve at all. */
    private record GuardedResolver(EndpointGuard guard) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return guard.permittedAddresses(host).toArray(InetAddress[]::new);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
