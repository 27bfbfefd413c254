package no.budstikke.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A subscribers' endpoint for the delivery tests that run hubs as separate processes: WireMock on 127.0.0.1 that
 * agrees to the webhook handshake and answers every push with 200, and can tell which events arrived where.
 */
public final class PushReceiver implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    public PushReceiver() {
        this(0);
    }

    /** A receiver that takes {@code delayMillis} to answer each push, like a slow subscriber. */
    public PushReceiver(int delayMillis) {
        server.start();
        server.stubFor(request("OPTIONS", anyUrl())
                .willReturn(aResponse().withStatus(200).withHeader("WebHook-Allowed-Origin", "budstikke.local")));
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(delayMillis)));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public int pushCount() {
        return pushes().size();
    }

    /** The ids of the events pushed to each path, in arrival order, repeats included. */
    public Map<String, List<String>> deliveredIds(List<String> paths) {
        Map<String, List<String>> ids = new HashMap<>();
        paths.forEach(path -> ids.put(path, new ArrayList<>()));
        for (LoggedRequest request : pushes()) {
            List<String> list = ids.get(request.getUrl());
            if (list != null) {
                list.add(parse(request.getBodyAsString()).get("id").asText());
            }
        }
        return ids;
    }

    /** Pushes of an event that had already arrived at the same path. */
    public int duplicates(List<String> paths) {
        return deliveredIds(paths).values().stream().mapToInt(ids -> ids.size() - Set.copyOf(ids).size()).sum();
    }

    /** Each repeated push: path, event id and the times (ms since the epoch) every push of it arrived. */
    public List<String> repeats() {
        Map<String, List<Long>> times = new HashMap<>();
        for (LoggedRequest request : pushes()) {
            String key = request.getUrl() + " " + parse(request.getBodyAsString()).get("id").asText();
            times.computeIfAbsent(key, k -> new ArrayList<>()).add(request.getLoggedDate().getTime());
        }
        return times.entrySet().stream().filter(e -> e.getValue().size() > 1).map(e -> e.getKey() + " " + e.getValue())
                .sorted().toList();
    }

    /** A repeated push is the same delivery: it carries the webhook-id of the first. */
    public void assertRepeatsKeepTheirWebhookId() {
        Map<String, String> webhookIds = new HashMap<>();
        for (LoggedRequest request : pushes()) {
            String key = request.getUrl() + " " + parse(request.getBodyAsString()).get("id").asText();
            String previous = webhookIds.putIfAbsent(key, request.getHeader("webhook-id"));
            if (previous != null) {
                assertThat(request.getHeader("webhook-id")).as("a repeated push carries the same webhook-id").isEqualTo(previous);
            }
        }
    }

    private List<LoggedRequest> pushes() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> "POST".equals(r.getMethod().getName())).toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
