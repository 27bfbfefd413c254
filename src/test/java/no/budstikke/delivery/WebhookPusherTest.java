package no.budstikke.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import no.budstikke.subscription.EndpointGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One push against a local receiver (WireMock on 127.0.0.1): headers, outcomes, timeouts, no redirects. */
class WebhookPusherTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"urn:s\",\"type\":\"t\",\"resource\":\"urn:a:b\"}";
    private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final WebhookPusher.Limits LIMITS = new WebhookPusher.Limits(Duration.ofSeconds(5),
            Duration.ofSeconds(30), 4096);
    private static WireMockServer receiver;

    private final WebhookPusher pusher = new WebhookPusher(new EndpointGuard(Set.of("127.0.0.1"),
            host -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 1}))), 8, 1, LIMITS);

    @org.junit.jupiter.api.AfterEach
    void closePusher() {
        pusher.close();
    }

    @BeforeAll
    static void start() {
        receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + receiver.port() + path);
    }

    /** A generous timeout: on a loaded machine the first push of a new client took over 2 s (timeouts: /slow). */
    private PushOutcome push(String path) {
        return pusher.push(url(path), SECRET, "msg_1", EVENT, Duration.ofSeconds(10), TRACE).join();
    }

    @Test
    void aTwoHundredIsDeliveredWithTheEventAndStandardWebhooksHeaders() {
        receiver.stubFor(post(urlEqualTo("/ok")).willReturn(aResponse().withStatus(204)));

        PushOutcome outcome = push("/ok");

        assertThat(outcome.kind()).isEqualTo(PushOutcome.Kind.DELIVERED);
        receiver.verify(postRequestedFor(urlEqualTo("/ok"))
                .withHeader("Content-Type", equalTo("application/cloudevents+json"))
                .withHeader("webhook-id", equalTo("msg_1"))
                .withHeader("webhook-timestamp", matching("\\d{10}"))
                .withHeader("webhook-signature", matching("v1,[A-Za-z0-9+/=]{44}"))
                .withHeader("traceparent", equalTo(TRACE))
                .withRequestBody(equalToJson(EVENT)));
    }

    @Test
    void goneDeferredAndFailedAreToldApart() {
        receiver.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
        receiver.stubFor(post(urlEqualTo("/busy")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7")));
        receiver.stubFor(post(urlEqualTo("/limited")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        receiver.stubFor(post(urlEqualTo("/broken")).willReturn(aResponse().withStatus(500).withBody("x".repeat(100_000))));

        assertThat(push("/gone").kind()).isEqualTo(PushOutcome.Kind.GONE);
        PushOutcome busy = push("/busy");
        assertThat(busy.kind()).isEqualTo(PushOutcome.Kind.DEFERRED);
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(push("/limited").retryAfter()).isEqualTo(Duration.ofSeconds(120));
        PushOutcome broken = push("/broken");
        assertThat(broken.kind()).isEqualTo(PushOutcome.Kind.FAILED);
        assertThat(broken.status()).isEqualTo(500);
    }

    @Test
    void redirectsAreNotFollowedAndSlowEndpointsTimeOut() {
        receiver.stubFor(post(urlEqualTo("/moved")).willReturn(aResponse().withStatus(307).withHeader("Location", "/elsewhere")));
        receiver.stubFor(post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));

        assertThat(push("/moved").kind()).isEqualTo(PushOutcome.Kind.FAILED);
        receiver.verify(0, postRequestedFor(urlEqualTo("/elsewhere")));
        PushOutcome slow = pusher.push(url("/slow"), SECRET, "msg_2", EVENT, Duration.ofMillis(500), TRACE).join();
        assertThat(slow.kind()).isEqualTo(PushOutcome.Kind.FAILED);
        assertThat(slow.error()).contains("timed out");
    }

    @Test
    void aPrivateAddressIsRefusedBeforeAnyConnection() {
        PushOutcome refused = pusher.push(URI.create("https://internal.example/hook"), SECRET, "msg_3", EVENT,
                Duration.ofSeconds(1), TRACE).join();

        assertThat(refused.kind()).isEqualTo(PushOutcome.Kind.FAILED);
        assertThat(refused.error()).contains("not allowed");
    }

    @Test
    void slackEndpointsGetTheEventAsText() throws Exception {
        receiver.stubFor(post(urlEqualTo("/services/T0/B0/x")).willReturn(aResponse().withStatus(200)));
        // hooks.slack.com resolves, through the stub, to the local receiver: nothing leaves the machine.
        WebhookPusher slack = new WebhookPusher(new EndpointGuard(Set.of("hooks.slack.com"),
                host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}))), 2, 1, LIMITS);

        PushOutcome outcome = slack.push(URI.create("http://hooks.slack.com:" + receiver.port() + "/services/T0/B0/x"),
                SECRET, "msg_4", EVENT, Duration.ofSeconds(10), TRACE).join();

        // A generous timeout: on a loaded machine the first push of a new client took over 2 s.
        assertThat(outcome.kind()).as(String.valueOf(outcome.error())).isEqualTo(PushOutcome.Kind.DELIVERED);
        var request = receiver.findAll(postRequestedFor(urlEqualTo("/services/T0/B0/x"))).get(0);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("Host")).startsWith("hooks.slack.com");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.getBodyAsString()).get("text").asText())
                .isEqualTo(EVENT);
        slack.close();
    }

    @Test
    void aPushThatHangsLeavesOthersToTheSameClientUntouched() {
        receiver.stubFor(post(urlEqualTo("/hangs")).willReturn(aResponse().withStatus(200).withFixedDelay(5000)));
        receiver.stubFor(post(urlEqualTo("/quick")).willReturn(aResponse().withStatus(204)));

        // The client's first exchange is not what is timed: a cold client may take longer than the bound below.
        assertThat(push("/quick").kind()).isEqualTo(PushOutcome.Kind.DELIVERED);
        var hanging = pusher.push(url("/hangs"), SECRET, "msg_5", EVENT, Duration.ofSeconds(4), TRACE);
        long started = System.nanoTime();
        PushOutcome quick = push("/quick");

        assertThat(quick.kind()).isEqualTo(PushOutcome.Kind.DELIVERED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(hanging).isNotDone();
    }
}
