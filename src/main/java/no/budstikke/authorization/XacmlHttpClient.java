package no.budstikke.authorization;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts decision requests to an external policy decision point over pooled keep-alive connections and returns
 * the answer's body. Every way of not getting a 2xx answer in time is a {@link PdpFailureException}; nothing is
 * retried here, because a question waiting on a retry holds up a query or a delivery that could be denied now
 * and asked again on its next attempt.
 */
final class XacmlHttpClient implements AutoCloseable {

    /** Altinn's API management gateway reads the subscription key from this header. */
    static final String SUBSCRIPTION_KEY_HEADER = "Ocp-Apim-Subscription-Key";

    /** A page of a thousand results with echoed categories is well under a MiB; much more is not an answer. */

    private final URI endpoint;
    private final String subscriptionKey;
    private final Supplier<String> bearerToken;
    private final int maxAnswerBytes;
    private final CloseableHttpClient http;

    /**
     * @param responseTimeout how long to wait for the answer (and for a pooled connection); the PDP sits on the
     *                        path of queries and deliveries, so this is short
     * @param subscriptionKey sent as {@value #SUBSCRIPTION_KEY_HEADER}; null or blank for none
     * @param bearerToken     asked for a token before each request (it may refresh it); null for none
     */
    XacmlHttpClient(URI endpoint, Duration connectTimeout, Duration responseTimeout, String subscriptionKey,
            Supplier<String> bearerToken, int maxConnections, int maxAnswerBytes) {
        this.endpoint = endpoint;
        this.maxAnswerBytes = maxAnswerBytes;
        this.subscriptionKey = subscriptionKey == null || subscriptionKey.isBlank() ? null : subscriptionKey;
        this.bearerToken = bearerToken;
        Timeout response = Timeout.ofMilliseconds(responseTimeout.toMillis());
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
                        .setSocketTimeout(response)
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(response)
                        .setConnectionRequestTimeout(response)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .setUserAgent("Budstikke")
                .build();
    }

    byte[] post(byte[] json) {
        HttpPost request = new HttpPost(endpoint);
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        if (subscriptionKey != null) {
            request.setHeader(SUBSCRIPTION_KEY_HEADER, subscriptionKey);
        }
        if (bearerToken != null) {
            request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token());
        }
        request.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            int status = response.getCode();
            if (status < 200 || status > 299) {
                // an error page is not read: its connection is dropped rather than drained
                request.cancel();
                throw new PdpFailureException("status", "the policy decision point answered HTTP " + status);
            }
            return body(request, response.getEntity());
        } catch (InterruptedIOException e) {
            throw new PdpFailureException("timeout", "no answer from the policy decision point in time ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new PdpFailureException("connection", "the policy decision point could not be reached ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private String token() {
        try {
            String token = bearerToken.get();
            if (token == null || token.isBlank()) {
                throw new PdpFailureException("token", "no access token for the policy decision point");
            }
            return token;
        } catch (PdpFailureException e) {
            throw e;
        } catch (RuntimeException e) {
            // the exception's message is not logged: token providers sometimes put the token or secret in it
            throw new PdpFailureException("token", "no access token for the policy decision point ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private byte[] body(HttpPost request, HttpEntity entity) throws IOException {
        if (entity == null) {
            throw new PdpFailureException("malformed", "the policy decision point answered without a body");
        }
        InputStream content = entity.getContent();
        byte[] body = content.readNBytes(maxAnswerBytes + 1);
        if (body.length > maxAnswerBytes) {
            request.cancel();
            throw new PdpFailureException("malformed", "the policy decision point's answer is too large");
        }
        content.close();
        return body;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
