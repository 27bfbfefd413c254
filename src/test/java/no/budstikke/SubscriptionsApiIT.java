package no.budstikke;

import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubIntegrationTest;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The subscriptions API: create with a one-time secret, owner-only reads and deletes, validation, authorization. */
class SubscriptionsApiIT extends HubIntegrationTest {

    @Autowired
    private EmbeddedActiveMQ broker;

    private static final String PATH = "/events/api/v1/subscriptions";
    private static final String SKD = "urn:altinn:resource:skd-skattemelding";

    private HttpResponse<String> subscribe(String token, String body) {
        return hub.post(PATH, token, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createdSubscriptionCarriesItsSecretOnceAndBelongsToTheCaller() {
        String token = hub.token("/org/nav");
        HttpResponse<String> created = subscribe(token, """
                {"endPoint":"https://nav.example/hooks/skatt","resourceFilter":"%s","typeFilter":"skattemelding.*",
                 "delivery":{"retrySchedule":["PT1S","PT5S"],"timeout":"PT10S","maxConcurrency":4}}""".formatted(SKD));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode subscription = parse(created.body());
        assertThat(subscription.get("signingSecret").asText()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(subscription.get("signingSecret").asText().substring(6))).hasSize(32);
        assertThat(subscription.get("consumer").asText()).isEqualTo("/org/nav");
        assertThat(subscription.get("createdBy").asText()).isEqualTo("/org/nav");
        assertThat(subscription.get("status").asText()).isEqualTo("pending-validation");
        assertThat(subscription.get("delivery").get("retrySchedule")).hasSize(2);
        assertThat(subscription.get("delivery").get("maxConcurrency").asInt()).isEqualTo(4);

        String id = subscription.get("id").asText();
        HttpResponse<String> read = hub.get(token, PATH + "/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(parse(read.body()).has("signingSecret")).isFalse();
        assertThat(parse(hub.get(token, PATH).body()).get("subscriptions"))
                .anySatisfy(s -> assertThat(s.get("id").asText()).isEqualTo(id));

        // As in Altinn: another consumer's subscription is refused, and it is not in their list.
        String stranger = hub.token("/org/stranger");
        assertThat(hub.get(stranger, PATH + "/" + id).statusCode()).isEqualTo(403);
        assertThat(parse(hub.get(stranger, PATH).body()).get("subscriptions"))
                .noneSatisfy(s -> assertThat(s.get("id").asText()).isEqualTo(id));
    }

    @Test
    void identicalSubscriptionIsNotDuplicatedAndAnsweredAsCreatedAsAltinnDoes() {
        String token = hub.token("/org/skd");
        String body = """
                {"endPoint":"amqp:skd.dup","resourceFilter":"%s","subjectFilter":"/organisation/974760673"}""".formatted(SKD);

        HttpResponse<String> first = subscribe(token, body);
        HttpResponse<String> second = subscribe(token, body);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(parse(first.body()).get("status").asText()).isEqualTo("active");
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(parse(second.body()).get("id")).isEqualTo(parse(first.body()).get("id"));
        assertThat(parse(second.body()).has("signingSecret")).isFalse();
    }

    @Test
    void ownerDeletesAndOthersCannot() {
        String token = hub.token("/org/skd");
        String id = parse(subscribe(token, """
                {"endPoint":"amqp:skd.delete","resourceFilter":"%s"}""".formatted(SKD)).body()).get("id").asText();

        assertThat(hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.base() + PATH + "/" + id))
                .header("Authorization", "Bearer " + hub.token("/org/nav")).DELETE().build()).statusCode()).isEqualTo(403);
        assertThat(hub.get(token, PATH + "/" + id).statusCode()).isEqualTo(200);
        assertThat(hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.base() + PATH + "/" + id))
                .header("Authorization", "Bearer " + token).DELETE().build()).statusCode()).isEqualTo(200);
        assertThat(hub.get(token, PATH + "/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void anAdministratorReadsAndDeletesAnyonesSubscription() {
        String token = hub.token("/org/skd");
        String id = parse(subscribe(token, """
                {"endPoint":"amqp:skd.admin","resourceFilter":"%s"}""".formatted(SKD)).body()).get("id").asText();
        String admin = hub.token("/org/digdir", java.util.List.of("altinn:events.publish.admin"));

        var read = hub.get(admin, PATH + "/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(parse(read.body()).get("consumer").asText()).isEqualTo("/org/skd");
        assertThat(hub.get(admin, PATH + "/" + id + "/deliveries").statusCode()).isEqualTo(200);
        assertThat(hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.base() + PATH + "/" + id))
                .header("Authorization", "Bearer " + admin).DELETE().build()).statusCode()).isEqualTo(200);
        assertThat(hub.get(token, PATH + "/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void badRequestsToTheDeliveryCallsAreRefusedClearly() {
        String token = hub.token("/org/skd");
        String id = parse(subscribe(token, """
                {"endPoint":"amqp:skd.bad","resourceFilter":"%s"}""".formatted(SKD)).body()).get("id").asText();
        String base = PATH + "/" + id;

        for (String query : java.util.List.of("?status=bogus", "?size=0", "?size=1001", "?after=-1", "?after=x")) {
            var response = hub.get(token, base + "/deliveries" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        }
        assertThat(hub.post(base + "/replay", token, java.util.Map.of(), new byte[0]).statusCode()).isEqualTo(400);
        assertThat(hub.post(base + "/replay?after=no-such-event", token, java.util.Map.of(), new byte[0]).statusCode())
                .isEqualTo(400);
        var wrongMethod = hub.post(base + "/deliveries", token, java.util.Map.of(), new byte[0]);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        assertThat(wrongMethod.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(hub.get(token, base + "/deadletters/redeliver").headers().firstValue("Allow")).hasValue("POST");
        assertThat(hub.request("PUT", PATH, token, "{}").headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(hub.request("PUT", base, token, "{}").headers().firstValue("Allow")).hasValue("GET, DELETE");
        var nothing = hub.get(token, base + "/nothing-here");
        assertThat(nothing.statusCode()).isEqualTo(404);
        assertThat(nothing.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(hub.get(hub.token("/org/nav"), base + "/deliveries").statusCode()).isEqualTo(403);
        assertThat(hub.get(token, PATH + "/999999999/deliveries").statusCode()).isEqualTo(404);
    }

    @Test
    void subscribingNeedsPermissionToReadWhatIsAskedFor() {
        String party = hub.token("/organisation/974760673");
        assertThat(subscribe(party, """
                {"endPoint":"https://party.example/hook","resourceFilter":"%s"}""".formatted(SKD)).statusCode())
                .isEqualTo(403);
        assertThat(subscribe(party, """
                {"endPoint":"https://party.example/hook","resourceFilter":"%s","subjectFilter":"/organisation/111111111"}"""
                .formatted(SKD)).statusCode()).isEqualTo(403);
        assertThat(subscribe(party, """
                {"endPoint":"https://party.example/hook","resourceFilter":"%s","subjectFilter":"/organisation/974760673"}"""
                .formatted(SKD)).statusCode()).isEqualTo(201);
        String publishOnly = hub.token("/org/skd", List.of(HubClient.PUBLISH));
        assertThat(subscribe(publishOnly, """
                {"endPoint":"amqp:q","resourceFilter":"%s"}""".formatted(SKD)).statusCode()).isEqualTo(403);
        assertThat(hub.post(PATH, null, Map.of("Content-Type", "application/json"), "{}".getBytes()).statusCode()).isEqualTo(401);
    }

    @Test
    void invalidSubscriptionsNameTheirFields() {
        String token = hub.token("/org/skd");
        Map<String, String> cases = Map.of(
                "{\"resourceFilter\":\"" + SKD + "\"}", "endPoint",
                "{\"endPoint\":\"https://x.example/h\"}", "resourceFilter",
                "{\"endPoint\":\"http://x.example/h\",\"resourceFilter\":\"" + SKD + "\"}", "endPoint",
                "{\"endPoint\":\"ftp://x.example/h\",\"resourceFilter\":\"" + SKD + "\"}", "endPoint",
                "{\"endPoint\":\"amqp:bad queue\",\"resourceFilter\":\"" + SKD + "\"}", "endPoint",
                "{\"endPoint\":\"amqp:q\",\"resourceFilter\":\"not-a-urn\"}", "resourceFilter",
                "{\"endPoint\":\"amqp:q\",\"resourceFilter\":\"" + SKD + "\",\"typeFilter\":\"a*b\"}", "typeFilter",
                "{\"endPoint\":\"amqp:q\",\"resourceFilter\":\"" + SKD + "\",\"delivery\":{\"retrySchedule\":[\"soon\"]}}", "delivery.retrySchedule[0]",
                "{\"endPoint\":\"amqp:q\",\"resourceFilter\":\"" + SKD + "\",\"delivery\":{\"timeout\":\"PT10M\"}}", "delivery.timeout",
                "{\"endPoint\":\"amqp:q\",\"resourceFilter\":\"" + SKD + "\",\"delivery\":{\"maxConcurrency\":0}}", "delivery.maxConcurrency");
        cases.forEach((body, field) -> {
            HttpResponse<String> response = subscribe(token, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(parse(response.body()).get("errors")).as(body)
                    .anySatisfy(e -> assertThat(e.get("field").asText()).isEqualTo(field));
        });
        assertThat(subscribe(token, "{not json").statusCode()).isEqualTo(400);
        Long stored = jdbc.queryForObject("SELECT count(*) FROM subscription WHERE end_point IN ('amqp:q', 'https://x.example/h')", Long.class);
        assertThat(stored).isZero();
    }

    @Test
    void endpointsOnPrivateAddressesAreRefusedBeforeAnyConnection() {
        String token = hub.token("/org/skd");
        for (String endPoint : List.of("https://10.0.0.1/hook", "https://internal.example/hook", "https://192.168.1.1/hook",
                "https://169.254.169.254/latest", "https://[::1]/hook")) {
            HttpResponse<String> refused = subscribe(token,
                    "{\"endPoint\":\"" + endPoint + "\",\"resourceFilter\":\"" + SKD + "\"}");
            assertThat(refused.statusCode()).as(endPoint).isEqualTo(400);
            assertThat(parse(refused.body()).get("errors").get(0).get("field").asText()).isEqualTo("endPoint");
        }
    }

    @Test
    void anAmqpSubscriptionMayFillOnlyAQueueThatItsConsumersBrokerUserReads() {
        // /org/nav may read the resource, but skd.* and skattemelding.inbox are read by /org/skd's broker user, and
        // nobody's broker user reads nobodys.queue: nothing of nav's request may be created.
        List<String> foreign = List.of("skd.from-nav", SKD_EXACT_QUEUE, "nobodys.queue");
        for (String queue : foreign) {
            HttpResponse<String> refused = subscribe(hub.token("/org/nav"),
                    "{\"endPoint\":\"amqp:" + queue + "\",\"resourceFilter\":\"" + SKD + "\"}");
            assertThat(refused.statusCode()).as(queue).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(parse(refused.body()).get("detail").asText())
                    .contains("may not deliver into the queue " + queue, "no broker user acting for /org/nav");
        }
        for (String queue : foreign) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM subscription WHERE end_point = ?", Long.class,
                    "amqp:" + queue)).as(queue).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM subscriber_queue WHERE name = ?", Long.class, queue))
                    .as(queue).isZero();
            assertThat(broker.getActiveMQServer().locateQueue(queue)).as("broker queue " + queue).isNull();
        }

        // /org/skd's own queues, by its prefix and by exact name.
        for (String queue : List.of("skd.own", SKD_EXACT_QUEUE)) {
            HttpResponse<String> created = subscribe(hub.token("/org/skd"),
                    "{\"endPoint\":\"amqp:" + queue + "\",\"resourceFilter\":\"" + SKD + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(broker.getActiveMQServer().locateQueue(queue)).as("broker queue " + queue).isNotNull();
        }
    }

    @Test
    void localhostMayUsePlainHttpInTheDevelopmentDefaults() {
        HttpResponse<String> created = subscribe(hub.token("/org/skd"), """
                {"endPoint":"http://localhost:9999/hook","resourceFilter":"%s"}""".formatted(SKD));
        assertThat(created.statusCode()).isEqualTo(201);
    }
}
