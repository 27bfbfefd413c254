package no.budstikke;

import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubIntegrationTest;
import no.budstikke.support.PushReceiver;
import org.apache.camel.CamelContext;
import org.apache.camel.RouteAware;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Altinn's own clients against the hub: the requests Altinn's app library (EventsClient, EventsSubscriptionClient)
 * and the k6 functional tests of Altinn Events send, byte for byte where it matters, and the answers Altinn gives.
 */
class AltinnCompatibilityIT extends HubIntegrationTest {

    private static final String API = "/events/api/v1";
    private static final String APP_SOURCE = "https://ttd.apps.at22.altinn.cloud/ttd/demo";
    private static final String SKD = "urn:altinn:resource:skd-skattemelding";
    /** The scopes of the k6 suite's service-owner token for subscriptions. */
    private static final List<String> K6_ORG_SCOPES =
            List.of("altinn:serviceowner", HubClient.PUBLISH, HubClient.SUBSCRIBE);
    private static final List<String> SERVICE_OWNER_ONLY = List.of("altinn:serviceowner");

    @Autowired
    private CamelContext camel;

    /** An app event as Altinn's app library serializes it: every member written, nulls included, .NET time. */
    private static String appLibraryEvent(long partyId, String alternativeSubject) {
        return """
                {"id":null,"source":"%s/instances/%d/%s","specversion":"1.0","type":"app.instance.created",\
                "subject":"/party/%d","time":"%s","alternativesubject":"%s","data":null,"dataschema":null,\
                "contenttype":null}""".formatted(APP_SOURCE, partyId, UUID.randomUUID(), partyId,
                dotNetUtcNow(), alternativeSubject);
    }

    /** DateTime.UtcNow as System.Text.Json writes it: seven fractional digits and a Z. */
    private static String dotNetUtcNow() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").format(OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** EventsClient.AddEvent: POST {events}app, application/json; charset=utf-8, Accept application/json. */
    private HttpResponse<String> postAppEvent(String token, String body) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + API + "/app"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private HttpResponse<String> postJson(String path, String token, String body) {
        return hub.post(path, token, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void appLibraryEventIsRegisteredUnderTheBasePathAndAnsweredWithItsId() {
        HttpResponse<String> created = postAppEvent(hub.token("/org/ttd"), appLibraryEvent(50002108, "/org/974760673"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(header(created, "Content-Type")).startsWith("application/json");
        JsonNode id = parse(created.body());
        assertThat(id.isTextual()).as("Altinn answers the event id as a JSON string").isTrue();
        UUID.fromString(id.asText());

        HttpResponse<String> page = hub.get(hub.token("/org/ttd", SERVICE_OWNER_ONLY),
                API + "/app/ttd/demo?after=0&party=50002108");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(header(page, "Content-Type")).startsWith("application/json");
        JsonNode event = findEvent(parse(page.body()), id.asText());
        assertThat(event.get("resource").asText()).isEqualTo("urn:altinn:resource:app_ttd_demo");
        assertThat(event.get("resourceinstance").asText()).matches("50002108/[0-9a-f-]{36}");
        assertThat(event.get("alternativesubject").asText()).isEqualTo("/org/974760673");
        assertThat(event.has("contenttype")).isFalse();
        assertThat(event.has("data")).isFalse();
        // The unit view finds the app library's /org/{orgno} spelling too.
        HttpResponse<String> byUnit = hub.get(hub.token("/org/ttd", SERVICE_OWNER_ONLY),
                API + "/app/ttd/demo?after=0&unit=974760673");
        assertThat(findEvent(parse(byUnit.body()), id.asText())).isNotNull();
    }

    @Test
    void appEventsNeedThePublishScopeAlsoWithATrailingSlash() {
        String serviceOwnerOnly = hub.token("/org/ttd", SERVICE_OWNER_ONLY);
        for (String path : List.of(API + "/app", API + "/app/")) {
            HttpResponse<String> refused = hub.post(path, serviceOwnerOnly, Map.of("Content-Type", "application/json"),
                    appLibraryEvent(50007777, "/person/01038712345").getBytes(StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE source LIKE ?", Long.class,
                APP_SOURCE + "/instances/50007777/%")).isZero();
    }

    /** Each operation changed for Altinn is a named REST DSL route. */
    @Test
    void altinnOperationsAreNamedRestRoutes() {
        assertThat(camel.getRestRegistry().listAllRestServices())
                .extracting(s -> ((RouteAware) s.getConsumer()).getRoute().getRouteId())
                .contains("ingress-app", "query-app", "query-app-party", "api-subscriptions-create",
                        "api-subscriptions-list", "api-subscription-read", "api-subscription-delete",
                        "api-subscription-deliveries", "api-subscription-redeliver", "api-subscription-replay");
    }

    @Autowired
    private List<org.springframework.boot.web.servlet.ServletRegistrationBean<?>> servlets;

    /** Camel's servlet resolves fixed paths by one lookup (see StaticPathResolver), the others by its own matching. */
    @Test
    void camelsServletFindsFixedPathsByLookup() {
        assertThat(servlets).extracting(org.springframework.boot.web.servlet.ServletRegistrationBean::getServlet)
                .filteredOn(org.apache.camel.http.common.CamelServlet.class::isInstance)
                .singleElement()
                .extracting(s -> ((org.apache.camel.http.common.CamelServlet) s).getServletResolveConsumerStrategy())
                .isInstanceOf(no.budstikke.ingress.http.StaticPathResolver.class);
    }

    /**
     * The OpenAPI document cannot drift from the routes: every operation a Camel HTTP route serves (path and verb,
     * whether the route is started or not) is documented, and every documented operation is served by a route or,
     * for the few Spring serves itself, answers at all.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentListsExactlyTheOperationsTheRoutesServe() {
        Map<String, Object> paths = (Map<String, Object>) new org.yaml.snakeyaml.Yaml()
                .<Map<String, Object>>load(hub.get(null, "/openapi.yaml").body()).get("paths");
        java.util.Set<String> documented = new java.util.TreeSet<>();
        paths.forEach((path, item) -> ((Map<String, Object>) item).keySet().stream()
                .filter(List.of("get", "put", "post", "delete", "patch")::contains)
                .forEach(verb -> documented.add(verb.toUpperCase(java.util.Locale.ROOT) + " " + path)));

        java.util.Set<String> served = new java.util.TreeSet<>();
        for (org.apache.camel.Route route : camel.getRoutes()) {
            // A REST DSL route's consumer is the servlet consumer of its path and verb.
            if (route.getConsumer() != null) {
                served.addAll(operations(route.getConsumer().getEndpoint().getEndpointUri()));
            }
        }
        java.util.Set<String> servedBySpring = java.util.Set.of("POST /dev/token", "GET /health/readiness");

        assertThat(served).as("served by the routes but not in openapi.yaml").isSubsetOf(documented);
        assertThat(documented).as("in openapi.yaml but served by no route")
                .isSubsetOf(union(served, servedBySpring));
        assertThat(served).as("the HTTP doors: the REST DSL operations, POST /events and the Altinn 2 bridge")
                .contains("GET /events/api/v1/events", "POST /events/api/v1/events", "POST /legacy/altinn2/events",
                        "PUT /events/api/v1/admin/resources/{id}", "GET /events/api/v1/analytics/subscriptions/{id}");
        for (String operation : servedBySpring) {
            String[] verbAndPath = operation.split(" ");
            HttpResponse<String> answer = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + verbAndPath[1]))
                    .method(verbAndPath[0], HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build());
            assertThat(answer.statusCode()).as(operation).isNotIn(404, 405);
        }
    }

    @Test
    void requestsNoRouteServesAreAnsweredWithProblemsNamingTheAllowedMethods() {
        String token = hub.token("/org/ttd");
        Map<String, String> allowed = Map.of(API + "/events", "GET, POST", API + "/app", "POST",
                API + "/app/ttd/demo", "GET");
        allowed.forEach((path, methods) -> {
            HttpResponse<String> refused = hub.request("DELETE", path, token, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(405);
            assertThat(header(refused, "Allow")).as(path).isEqualTo(methods);
            assertThat(header(refused, "Content-Type")).as(path).startsWith("application/problem+json");
        });
        for (String path : List.of(API + "/nothing-here", API + "/app/ttd", API + "/events/extra/segments")) {
            HttpResponse<String> missing = hub.get(token, path);
            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            assertThat(header(missing, "Content-Type")).as(path).startsWith("application/problem+json");
        }
    }

    /**
     * What one route's HTTP consumer serves, as "VERB /path" (Camel's servlet is mapped under the API's base path);
     * nothing for other routes and for the catch-all routes that only answer 404 and 405.
     */
    private static List<String> operations(String endpointUri) {
        String uri = java.net.URLDecoder.decode(endpointUri, StandardCharsets.UTF_8);
        String base;
        if (uri.startsWith("servlet:")) {
            base = API;
        } else if (uri.startsWith("platform-http:")) {
            base = "";
        } else {
            return List.of();
        }
        String path = uri.substring(uri.indexOf(':') + 1).replaceFirst("^/+", "/").replaceFirst("\\?.*$", "");
        String query = uri.contains("?") ? uri.substring(uri.indexOf('?') + 1) : "";
        if (query.contains("matchOnUriPrefix=true")) {
            return List.of();
        }
        java.util.regex.Matcher restrict = java.util.regex.Pattern.compile("httpMethodRestrict=([A-Za-z,]+)").matcher(query);
        assertThat(restrict.find()).as("every HTTP route names its verbs: " + endpointUri).isTrue();
        return java.util.Arrays.stream(restrict.group(1).split(","))
                .map(verb -> verb.toUpperCase(java.util.Locale.ROOT) + " " + base + path).toList();
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void nothingIsServedAtTheOldAppPathsOutsideTheBasePath() {
        String token = hub.token("/org/ttd");
        assertThat(postAppEvent(token, appLibraryEvent(50002108, "/person/01038712345")).statusCode()).isEqualTo(201);
        assertThat(hub.post("/app", token, Map.of("Content-Type", "application/json"),
                appLibraryEvent(50002108, "/person/01038712345").getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(404);
        assertThat(hub.get(token, "/app/ttd/demo?after=0").statusCode()).isEqualTo(404);
        assertThat(hub.get(token, "/app/party?after=0&party=50002108").statusCode()).isEqualTo(404);
    }

    @Test
    void appEventWithoutSubjectIsRefusedAsAltinnDoesAndNothingIsStored() {
        String body = appLibraryEvent(50009999, "/person/01038712345").replace("\"subject\":\"/party/50009999\",", "");
        HttpResponse<String> refused = postAppEvent(hub.token("/org/ttd"), body);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(header(refused, "Content-Type")).startsWith("application/problem+json");
        assertThat(parse(refused.body()).get("errors")).anySatisfy(e -> assertThat(e.get("field").asText()).isEqualTo("subject"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE source LIKE ?", Long.class,
                APP_SOURCE + "/instances/50009999/%")).isZero();
    }

    /** k6 app-events.js TC01–TC04: org search with after=1 and its next link, party search with from and its next link. */
    @Test
    void k6AppEventSearchesAnswerAsAltinn() {
        long party = 50004321;
        String pid = "01038712345";
        String k6Event = """
                {"source":"%s/instances/%d/573993d4-af79-4c5e-b852-85cd691ee7fd","specversion":"1.0",\
                "type":"app.instance.created","subject":"/party/%d","time":"2022-11-18T09:20:02.931677Z",\
                "alternativesubject":"/person/%s"}""".formatted(APP_SOURCE, party, party, pid);
        assertThat(postAppEvent(hub.token("/org/ttd"), k6Event).statusCode()).isEqualTo(201);
        assertThat(postAppEvent(hub.token("/org/ttd"), k6Event).statusCode()).isEqualTo(201);

        String orgToken = hub.token("/org/ttd", SERVICE_OWNER_ONLY);
        HttpResponse<String> org = hub.get(orgToken, API + "/app/ttd/demo?after=1");
        assertThat(org.statusCode()).as(org.body()).isEqualTo(200);
        assertThat(parse(org.body()).size()).isGreaterThanOrEqualTo(1);
        assertThat(header(org, "next")).isNotNull();
        assertThat(hub.get(orgToken, header(org, "next")).statusCode()).isEqualTo(200);

        // An end user's token carries no events scope; the policy lets the person read the events about them.
        String userToken = hub.token("/person/" + pid, List.of());
        String sevenDaysAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(7).toInstant().toString();
        HttpResponse<String> mine = hub.get(userToken, API + "/app/party?from=" + sevenDaysAgo + "&party=" + party);
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(parse(mine.body())).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.get("subject").asText()).isEqualTo("/party/" + party));
        assertThat(header(mine, "next")).isNotNull();
        assertThat(hub.get(userToken, header(mine, "next")).statusCode()).isEqualTo(200);

        // Altinn's person header works the same way; someone else sees none of these events.
        HttpResponse<String> byPerson = hub.get(userToken, API + "/app/party?after=0", Map.of("Person", pid));
        assertThat(parse(byPerson.body())).hasSizeGreaterThanOrEqualTo(2);
        HttpResponse<String> stranger = hub.get(hub.token("/person/02029012345", List.of()),
                API + "/app/party?after=0&party=" + party);
        assertThat(stranger.statusCode()).isEqualTo(200);
        assertThat(parse(stranger.body())).isEmpty();
    }

    @Test
    void appViewsApplyAltinnsParameterRules() {
        String orgToken = hub.token("/org/ttd", SERVICE_OWNER_ONLY);
        assertBadQuery(hub.get(orgToken, API + "/app/ttd/demo?party=50001"), "after");
        assertBadQuery(hub.get(orgToken, API + "/app/ttd/demo?after=0&unit=12345678"), "unit");
        assertBadQuery(hub.get(orgToken, API + "/app/ttd/demo?after=0&party=50001&unit=974760673"), "party");
        assertBadQuery(hub.get(orgToken, API + "/app/ttd/demo?after=0&size=0"), "size");
        assertBadQuery(hub.get(orgToken, API + "/app/party?after=0"), "party");
        assertBadQuery(hub.get(orgToken, API + "/app/party?after=0&party=1&source=https://ttd.apps.x/%25/y"), "source");
        // Altinn's documented time format, with a space, is read; an end user may not search one app's events.
        assertThat(hub.get(orgToken, API + "/app/ttd/demo?from=2022-02-14%2007:22:19Z").statusCode()).isEqualTo(200);
        HttpResponse<String> user = hub.get(hub.token("/person/01038712345", List.of()), API + "/app/ttd/demo?after=0");
        assertThat(user.statusCode()).isEqualTo(401);
        assertThat(header(user, "Content-Type")).startsWith("application/problem+json");
        assertThat(hub.get(null, API + "/app/party?after=0&party=1").statusCode()).isEqualTo(401);
    }

    private static void assertBadQuery(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(parse(response.body()).get("errors"))
                .anySatisfy(e -> assertThat(e.get("field").asText()).isEqualTo(field));
    }

    /**
     * k6 subscriptions.js TC01–TC06: app subscription by source only, list, again, by id (validated), delete; in
     * between, an app event reaches the endpoint as Altinn's app library's receiver expects it (its code kept).
     */
    @Test
    void k6AppSubscriptionLifecycleAnswersAsAltinn() throws Exception {
        try (PushReceiver receiver = new PushReceiver()) {
            String token = hub.token("/org/ttd", K6_ORG_SCOPES);
            String receiverPath = "/ttd/demo/api/v1/eventsreceiver?code=s3cret";
            String endPoint = receiver.url(receiverPath);
            String request = """
                    {"endPoint":"%s","sourceFilter":"%s"}""".formatted(endPoint, APP_SOURCE);

            HttpResponse<String> created = postJson(API + "/subscriptions/", token, request);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode subscription = parse(created.body());
            assertThat(subscription.get("id").isIntegralNumber()).as("Altinn's clients read the id as an int").isTrue();
            long id = subscription.get("id").asLong();
            assertThat(subscription.get("resourceFilter").asText()).isEqualTo("urn:altinn:resource:app_ttd_demo");
            assertThat(subscription.get("sourceFilter").asText()).isEqualTo(APP_SOURCE);
            assertThat(subscription.get("consumer").asText()).isEqualTo("/org/ttd");
            assertThat(subscription.get("includeSubunits").asBoolean()).isFalse();
            assertThat(header(created, "Location")).endsWith(API + "/subscriptions/" + id);

            JsonNode list = parse(hub.get(token, API + "/subscriptions/").body());
            int count = list.get("count").asInt();
            assertThat(count).isGreaterThanOrEqualTo(1).isEqualTo(list.get("subscriptions").size());
            assertThat(list.get("subscriptions")).anySatisfy(s -> assertThat(s.get("endPoint").asText()).isEqualTo(endPoint));

            HttpResponse<String> again = postJson(API + "/subscriptions/", token, request);
            assertThat(again.statusCode()).isEqualTo(201);
            assertThat(parse(again.body()).get("id").asLong()).isEqualTo(id);
            assertThat(parse(hub.get(token, API + "/subscriptions").body()).get("count").asInt()).isEqualTo(count);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> read = hub.get(token, API + "/subscriptions/" + id);
                assertThat(read.statusCode()).isEqualTo(200);
                assertThat(parse(read.body()).get("validated").asBoolean()).isTrue();
            });

            String eventId = parse(postAppEvent(hub.token("/org/ttd"), appLibraryEvent(50006666, "/person/01038712345"))
                    .body()).asText();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(receiver.deliveredIds(List.of(receiverPath)).get(receiverPath)).contains(eventId));

            assertThat(hub.get(hub.token("/org/nav"), API + "/subscriptions/" + id).statusCode()).isEqualTo(403);
            HttpResponse<String> deleted = hub.request("DELETE", API + "/subscriptions/" + id, token, null);
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(hub.get(token, API + "/subscriptions/" + id).statusCode()).isEqualTo(404);
        }
    }

    /** k6 TC07/TC08: a generic subscription carrying Altinn's consumer field; without the subscribe scope 403. */
    @Test
    void k6GenericSubscriptionWithConsumerFieldIsAcceptedAndTheScopeStillCounts() {
        String request = """
                {"endPoint":"https://nav.example/k6","consumer":"norsknettavisleser","resourceFilter":"%s"}"""
                .formatted(SKD);
        HttpResponse<String> created = postJson(API + "/subscriptions/", hub.token("/org/skd", K6_ORG_SCOPES), request);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(parse(created.body()).get("consumer").asText()).as("the server assigns the consumer").isEqualTo("/org/skd");
        HttpResponse<String> noScope = postJson(API + "/subscriptions/", hub.token("/org/skd", SERVICE_OWNER_ONLY), request);
        assertThat(noScope.statusCode()).isEqualTo(403);
    }

    /** EventsSubscriptionClient.AddSubscription: PascalCase names (System.Text.Json defaults), read back case-insensitively. */
    @Test
    void appLibrarySubscriptionRequestIsAcceptedAndItsAnswerReadsAsAltinnsSubscription() {
        String request = """
                {"EndPoint":"https://x.example/ttd/demo/api/v1/eventsreceiver?code=s3cret","SourceFilter":"%s",\
                "TypeFilter":"app.instance.process.completed"}""".formatted(APP_SOURCE);
        HttpResponse<String> created = postJson(API + "/subscriptions", hub.token("/org/ttd"), request);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode subscription = parse(created.body());
        assertThat(subscription.get("id").canConvertToInt()).isTrue();
        assertThat(subscription.get("typeFilter").asText()).isEqualTo("app.instance.process.completed");
        assertThat(subscription.get("resourceFilter").asText()).isEqualTo("urn:altinn:resource:app_ttd_demo");
        OffsetDateTime.parse(subscription.get("created").asText());
        for (String field : List.of("endPoint", "sourceFilter", "subjectFilter", "alternativeSubjectFilter",
                "consumer", "createdBy", "validated", "includeSubunits")) {
            assertThat(subscription.has(field)).as(field).isTrue();
        }
    }

    @Test
    void everyFieldOfAltinnsSubscriptionModelIsAcceptedAndServerAssignedOnesAreIgnored() {
        String token = hub.token("/org/skd");
        HttpResponse<String> created = postJson(API + "/subscriptions", token, """
                {"id":7,"endPoint":"amqp:skd.altinn-model","resourceFilter":"%s","subjectFilter":"/organisation/974760673",
                 "alternativeSubjectFilter":null,"typeFilter":"skattemelding.innsendt","sourceFilter":null,
                 "includeSubunits":true,"consumer":"/org/someone-else","createdBy":"/org/someone-else",
                 "created":"2020-01-01T00:00:00Z","validated":true}""".formatted(SKD));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode subscription = parse(created.body());
        assertThat(subscription.get("id").asLong()).isNotEqualTo(7);
        assertThat(subscription.get("consumer").asText()).isEqualTo("/org/skd");
        assertThat(subscription.get("createdBy").asText()).isEqualTo("/org/skd");
        assertThat(subscription.get("created").asText()).doesNotStartWith("2020");
        assertThat(subscription.get("includeSubunits").asBoolean()).isTrue();
        assertThat(parse(hub.get(token, API + "/subscriptions/" + subscription.get("id").asLong()).body())
                .get("includeSubunits").asBoolean()).isTrue();
    }

    @Test
    void badValuesInAltinnsFieldsNameTheFieldAndStoreNothing() {
        String token = hub.token("/org/ttd");
        long before = jdbc.queryForObject("SELECT count(*) FROM subscription", Long.class);
        assertInvalid(postJson(API + "/subscriptions", token, """
                {"endPoint":"amqp:ttd.bad","resourceFilter":"urn:altinn:resource:app_ttd_demo","includeSubunits":true}"""),
                "includeSubunits");
        assertInvalid(postJson(API + "/subscriptions", token, """
                {"endPoint":"amqp:ttd.bad","resourceFilter":"urn:altinn:resource:app_ttd_demo","subjectFilter":"/party/1",
                 "includeSubunits":"yes"}"""), "includeSubunits");
        assertInvalid(postJson(API + "/subscriptions", token, """
                {"endPoint":"amqp:ttd.bad","sourceFilter":"%s/instances"}""".formatted(APP_SOURCE)), "sourceFilter");
        assertInvalid(postJson(API + "/subscriptions", token, """
                {"endPoint":"amqp:ttd.bad","sourceFilter":"%s","resourceFilter":"urn:altinn:resource:app_ttd_other"}"""
                .formatted(APP_SOURCE)), "resourceFilter");
        assertInvalid(postJson(API + "/subscriptions", token, """
                {"endPoint":"amqp:ttd.bad","resourceFilter":"urn:altinn:resource:app_ttd_demo","filterOnEverything":1}"""),
                "filterOnEverything");
        assertInvalid(postJson(API + "/subscriptions", token, """
                {"endPoint":"amqp:ttd.bad","endpoint":"amqp:ttd.other","resourceFilter":"urn:altinn:resource:app_ttd_demo"}"""),
                "endpoint");
        assertInvalid(postJson(API + "/subscriptions", token, """
                {"endPoint":"amqp:ttd.bad","sourceFilter":"https://ttd.example/ttd/demo"}"""), "resourceFilter");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM subscription", Long.class)).isEqualTo(before);
    }

    private static void assertInvalid(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(parse(response.body()).get("errors"))
                .anySatisfy(e -> assertThat(e.get("field").asText()).isEqualTo(field));
    }

    /** k6 events/get.js: the query as the suite sends it (trailing slash, source and size) and its next link. */
    @Test
    void k6EventQueryAnswersWithAnArrayAndANextLink() {
        String resource = "urn:altinn:resource:test-load";
        String source = "https://github.com/Altinn/altinn-events/tree/main/test/k6";
        for (int i = 0; i < 2; i++) {
            String event = """
                    {"source":"%s","specversion":"1.0","type":"automatedtest.triggered","subject":"/autotest/k6",
                     "resource":"%s","time":"2022-05-12T00:02:07.541482Z","id":"%s"}"""
                    .formatted(source, resource, UUID.randomUUID());
            HttpResponse<String> published = hub.publish(hub.token("/org/test"), HubClient.STRUCTURED, event);
            assertThat(published.statusCode()).as(published.body()).isBetween(200, 201);
        }
        String token = hub.token("/org/test", List.of("altinn:serviceowner", HubClient.SUBSCRIBE));
        HttpResponse<String> all = hub.get(token, API + "/events/?after=0&resource=" + resource + "&source=" + source
                + "&type=automatedtest.triggered&subject=/autotest/k6&size=10",
                Map.of("Content-Type", "application/cloudevents+json"));
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(parse(all.body()).isArray()).isTrue();
        assertThat(parse(all.body()).size()).isGreaterThanOrEqualTo(1);

        HttpResponse<String> one = hub.get(token, API + "/events/?after=0&source=" + source + "&resource=" + resource
                + "&type=automatedtest.triggered&size=1");
        assertThat(parse(one.body())).hasSize(1);
        assertThat(hub.get(token, header(one, "next")).statusCode()).isEqualTo(200);
        // Altinn clamps the page size instead of refusing it.
        HttpResponse<String> huge = hub.get(token, API + "/events?after=0&resource=" + resource + "&size=5000");
        assertThat(huge.statusCode()).isEqualTo(200);
    }

    private static JsonNode findEvent(JsonNode events, String id) {
        for (JsonNode event : events) {
            if (event.get("id").asText().equals(id)) {
                return event;
            }
        }
        throw new AssertionError("event " + id + " not in " + events);
    }
}
