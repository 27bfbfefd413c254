package no.budstikke.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import no.budstikke.subscription.EndpointGuard;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one event to a webhook without holding a thread while the endpoint answers: {@code
 * application/cloudevents+json}, Standard Webhooks headers, a {@code traceparent}; pooled keep-alive connections
 * on a non-blocking client, no redirects, at most a few KiB of the answer read. Slack endpoints get
 * {@code {"text": "<event json>"}} instead. Host names are resolved through the {@link EndpointGuard}, so the hub
 * connects only to addresses the guard has just permitted.
 */
public final class WebhookPusher implements AutoCloseable {

    private static final ContentType CLOUDEVENTS = ContentType.create("application/cloudevents+json");

    private final CloseableHttpAsyncClient http;
    private final WebhookSigner signer = new WebhookSigner();
    private final Limits limits;

    /**
     * How far a push may go: {@code connectTimeout} to open a connection; {@code connectionWait} for a free one
     * from the pool; {@code maxResponseBytes} of the answer read (a longer answer fails the push).
     */
    public record Limits(Duration connectTimeout, Duration connectionWait, int maxResponseBytes) {
    }

    /**
     * @param maxConnections connections open at once over all endpoints; a push beyond waits for one to free
     * @param ioThreads      threads that move the bytes of all pushes (one per core is enough)
     */
    public WebhookPusher(EndpointGuard guard, int maxConnections, int ioThreads, Limits limits) {
        this.limits = limits;
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedResolver(guard))
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(limits.connectTimeout().toMillis()))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        this.http = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(ioThreads).setTcpNoDelay(true).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .setUserAgent("Budstikke")
                .build();
        this.http.start();
    }

    /**
     * Starts the push and returns at once; the outcome completes when the endpoint has answered, failed or timed
     * out. {@code webhookId} stays the same across retries of one delivery, so receivers can drop duplicates.
     */
    public CompletableFuture<PushOutcome> push(URI endpoint, String signingSecret, String webhookId, String eventJson,
            Duration timeout, String traceparent) {
        long started = System.nanoTime();
        boolean slack = isSlack(endpoint);
        byte[] body = (slack ? slack(eventJson) : eventJson).getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        SimpleHttpRequest request = SimpleRequestBuilder.post(endpoint)
                .setHeader("webhook-id", webhookId)
                .setHeader("webhook-timestamp", Long.toString(timestamp))
                .setHeader("webhook-signature", signer.signature(signingSecret, webhookId, timestamp, body))
                .setHeader("traceparent", traceparent)
                .setBody(body, slack ? ContentType.APPLICATION_JSON : CLOUDEVENTS)
                .build();
        request.setConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(limits.connectionWait().toMillis()))
                .build());
        CompletableFuture<PushOutcome> outcome = new CompletableFuture<>();
        Answer answer = new Answer(started, limits.maxResponseBytes());
        http.execute(SimpleRequestProducer.create(request), answer, new FutureCallback<>() {
            @Override
            public void completed(PushOutcome result) {
                outcome.complete(result);
            }

            @Override
            public void failed(Exception e) {
                outcome.complete(answer.decided != null ? answer.decided : failure(e, timeout, started));
            }

            @Override
            public void cancelled() {
                outcome.complete(PushOutcome.failed(0, "push cancelled", elapsed(started)));
            }
        });
        return outcome;
    }

    private static PushOutcome failure(Exception e, Duration timeout, long started) {
        if (e instanceof UnknownHostException) {
            String message = e.getMessage() != null && e.getMessage().startsWith("refused: ")
                    ? "endpoint " + e.getMessage().substring("refused: ".length()) : "endpoint host does not resolve";
            return PushOutcome.failed(0, message, elapsed(started));
        }
        if (e instanceof SocketTimeoutException) {
            return PushOutcome.failed(0, "timed out after " + timeout, elapsed(started));
        }
        return PushOutcome.failed(0, "connection failed: " + e.getClass().getSimpleName(), elapsed(started));
    }

    private static PushOutcome outcome(HttpResponse response, Duration latency) {
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
     * Decides the outcome from the status line and headers, then reads at most a few KiB of the body: a longer
     * answer is cut off by failing the exchange, which drops its connection rather than draining it.
     */
    private static final class Answer extends AbstractBinResponseConsumer<PushOutcome> {

        private final long started;
        private final int maxBytes;
        private volatile PushOutcome decided;
        private int read;

        Answer(long started, int maxBytes) {
            this.started = started;
            this.maxBytes = maxBytes;
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            decided = outcome(response, elapsed(started));
        }

        @Override
        protected int capacityIncrement() {
            return maxBytes;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            read += src.remaining();
            src.position(src.limit());
            if (read > maxBytes) {
                throw new IOException("answer longer than " + maxBytes + " bytes");
            }
        }

        @Override
        protected PushOutcome buildResult() {
            return decided;
        }

        @Override
        public void releaseResources() {
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

    /**
     * Ends open pushes; by then the delivery route has left them to the broker (see the shutdown order). The client's
     * own I/O threads close the connections: closing them from this thread at once (CloseMode.IMMEDIATE) races the
     * I/O reactor's loop over its selection keys, which then dies logging a ConcurrentModificationException.
     */
    @Override
    public void close() {
        http.initiateShutdown();
        try {
            http.awaitShutdown(TimeValue.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close(CloseMode.GRACEFUL);
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
