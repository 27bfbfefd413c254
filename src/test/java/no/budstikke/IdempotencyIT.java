package no.budstikke;

import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/** The same event sent many times at once is stored once, and every sender gets the same registration. */
class IdempotencyIT extends HubIntegrationTest {

    @Test
    void sameEventSentFiftyTimesConcurrentlyIsStoredOnce() throws Exception {
        String token = hub.token("/org/test");
        String id = newId();
        String body = event(id, "urn:altinn:resource:test-load", "/party/1");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            responses.add(pool.submit(() -> {
                go.await();
                return hub.publish(token, STRUCTURED, body);
            }));
        }
        go.countDown();
        List<HttpResponse<String>> answered = new ArrayList<>();
        for (Future<HttpResponse<String>> response : responses) {
            answered.add(response.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(answered).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(answered).filteredOn(r -> r.statusCode() == 200).hasSize(49);
        assertThat(answered).extracting(r -> parse(r.body()).get("registeredTime").asText()).containsOnly(
                parse(answered.get(0).body()).get("registeredTime").asText());
        assertThat(storedCount("urn:budstikke:test", id)).isEqualTo(1);
    }

    @Test
    void duplicateInsideOneBatchIsStoredOnce() {
        String token = hub.token("/org/test");
        String id = newId();
        String one = event(id, "urn:altinn:resource:test-load", null);

        HttpResponse<String> response = hub.publish(token, no.budstikke.support.HubClient.BATCH, "[" + one + "," + one + "]");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(parse(response.body())).hasSize(2);
        assertThat(storedCount("urn:budstikke:test", id)).isEqualTo(1);
    }
}
