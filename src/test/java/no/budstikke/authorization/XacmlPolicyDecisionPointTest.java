package no.budstikke.authorization;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The XACML client against a stand-in PDP (WireMock on 127.0.0.1): request shape, answer matching, failing closed. */
class XacmlPolicyDecisionPointTest {

    private static final String PATH = "/authorization/api/v1/authorize";
    private static final String KEY = "apim-key-7f3a";
    private static final String TOKEN = "eyJ.token.sig";
    private static final int MAX_ANSWER = 16 * 1024 * 1024;
    private static final String PID = "01017012345";
    private static final String SKATTEMELDING = "urn:altinn:resource:skd-skattemelding";
    private static final Identity NAV = new Identity("/org/nav");
    private static final Identity BEDRIFT = new Identity("/organisation/974760673");
    private static final Identity PERSON = new Identity("/person/" + PID);
    private static final EventAccess PARTY_EVENT = new EventAccess(SKATTEMELDING, "/party/50001", "/person/" + PID);
    private static final EventAccess OTHER_PARTY_EVENT = new EventAccess(SKATTEMELDING, "/party/50002", null);
    private static final EventAccess THIRD_PARTY_EVENT = new EventAccess(SKATTEMELDING, "/party/50003", null);

    private static WireMockServer pdpServer;

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private XacmlPolicyDecisionPoint pdp;

    @BeforeAll
    static void start() {
        pdpServer = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        pdpServer.start();
    }

    @AfterAll
    static void stop() {
        pdpServer.stop();
    }

    @BeforeEach
    void setUp() {
        pdpServer.resetAll();
        pdp = pdpWithTimeout(Duration.ofSeconds(5));
        log.start();
        ((Logger) LoggerFactory.getLogger(XacmlPolicyDecisionPoint.class)).addAppender(log);
    }

    @AfterEach
    void tearDown() throws IOException {
        ((Logger) LoggerFactory.getLogger(XacmlPolicyDecisionPoint.class)).detachAppender(log);
        pdp.close();
    }

    private XacmlPolicyDecisionPoint pdpWithTimeout(Duration timeout) {
        return pdpAt(URI.create("http://127.0.0.1:" + pdpServer.port() + PATH), timeout);
    }

    private XacmlPolicyDecisionPoint pdpAt(URI endpoint, Duration timeout) {
        return new XacmlPolicyDecisionPoint(endpoint, Duration.ofSeconds(2), timeout, KEY, () -> TOKEN, 4,
                MAX_ANSWER, failures::add);
    }

    @Test
    void aReadIsAskedWithAltinnAttributesTheSubscriptionKeyAndTheToken() {
        answer(response(result("Permit", "s1", "a1", "r1")));

        assertThat(pdp.mayRead(PERSON, PARTY_EVENT)).isTrue();

        pdpServer.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
                .withHeader("Ocp-Apim-Subscription-Key", equalTo(KEY))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"Request": {
                          "ReturnPolicyIdList": false,
                          "AccessSubject": [{"Id": "s1", "Attribute": [
                            {"AttributeId": "urn:altinn:person:identifier-no", "Value": "01017012345"},
                            {"AttributeId": "urn:budstikke:reference-id", "Value": "s1", "IncludeInResult": true}]}],
                          "Action": [{"Id": "a1", "Attribute": [
                            {"AttributeId": "urn:oasis:names:tc:xacml:1.0:action:action-id", "Value": "read"},
                            {"AttributeId": "urn:budstikke:reference-id", "Value": "a1", "IncludeInResult": true}]}],
                          "Resource": [{"Id": "r1", "Attribute": [
                            {"AttributeId": "urn:altinn:resource", "Value": "skd-skattemelding"},
                            {"AttributeId": "urn:altinn:partyid", "Value": "50001"},
                            {"AttributeId": "urn:altinn:person:identifier-no", "Value": "01017012345"},
                            {"AttributeId": "urn:budstikke:reference-id", "Value": "r1", "IncludeInResult": true}]}],
                          "MultiRequests": {"RequestReference": [{"ReferenceId": ["s1", "a1", "r1"]}]}
                        }}""")));
        assertThat(failures).isEmpty();
    }

    @Test
    void identitiesBecomeTheAttributesAltinnPoliciesMatchOn() {
        assertThat(XacmlAttributes.subject(NAV)).containsExactly(new XacmlAttribute("urn:altinn:org", "nav"));
        assertThat(XacmlAttributes.subject(BEDRIFT))
                .containsExactly(new XacmlAttribute("urn:altinn:organization:identifier-no", "974760673"));
        assertThat(XacmlAttributes.subject(PERSON))
                .containsExactly(new XacmlAttribute("urn:altinn:person:identifier-no", PID));
        assertThat(XacmlAttributes.subject(new Identity("/user/1337")))
                .containsExactly(new XacmlAttribute("urn:altinn:userid", "1337"));
        assertThat(XacmlAttributes.subject(new Identity("/party/50001")))
                .containsExactly(new XacmlAttribute("urn:altinn:partyid", "50001"));
    }

    @Test
    void eventSubjectsBecomeTheResourcesPartyInWhicheverNotationTheyCome() {
        assertThat(XacmlAttributes.resource("urn:altinn:resource:app_skd_skattemelding",
                "urn:altinn:organization:identifier-no:974760673", null)).containsExactly(
                        new XacmlAttribute("urn:altinn:resource", "app_skd_skattemelding"),
                        new XacmlAttribute("urn:altinn:organization:identifier-no", "974760673"));
        assertThat(XacmlAttributes.resource("urn:budstikke:weather:oslo", "not an identity", "/party/50001"))
                .as("an unknown URN is split at its last colon; a subject in no known notation is left out")
                .containsExactly(new XacmlAttribute("urn:budstikke:weather", "oslo"),
                        new XacmlAttribute("urn:altinn:partyid", "50001"));
        assertThat(XacmlAttributes.resource(SKATTEMELDING, "/party/50001", "/party/50009"))
                .as("a second party id is another notation of nothing: only the subject's is sent")
                .containsExactly(new XacmlAttribute("urn:altinn:resource", "skd-skattemelding"),
                        new XacmlAttribute("urn:altinn:partyid", "50001"));
    }

    @Test
    void aFanOutIsOneRequestWithEachConsumerAndEventSentOnce() {
        answer(response(result("Permit", "s1", "a1", "r1"), result("Deny", "s2", "a1", "r1")));

        boolean[] decisions = pdp.mayRead(List.of(
                new ReadQuestion(NAV, PARTY_EVENT),
                new ReadQuestion(BEDRIFT, PARTY_EVENT),
                new ReadQuestion(NAV, PARTY_EVENT)));

        assertThat(decisions).containsExactly(true, false, true);
        JsonNode request = onlyRequest().get("Request");
        assertThat(request.get("AccessSubject")).hasSize(2);
        assertThat(request.get("Action")).hasSize(1);
        assertThat(request.get("Resource")).hasSize(1);
        assertThat(referenceIds(request)).containsExactly(List.of("s1", "a1", "r1"), List.of("s2", "a1", "r1"));
    }

    @Test
    void aPageOfEventsIsOneRequestAndEventsOfOneStandingShareAReference() {
        answer(response(result("Deny", "s1", "a1", "r2"), result("Permit", "s1", "a1", "r1")));

        boolean[] decisions = pdp.mayRead(NAV, List.of(PARTY_EVENT, OTHER_PARTY_EVENT, PARTY_EVENT));

        assertThat(decisions).containsExactly(true, false, true);
        JsonNode request = onlyRequest().get("Request");
        assertThat(request.get("AccessSubject")).hasSize(1);
        assertThat(request.get("Resource")).hasSize(2);
        assertThat(referenceIds(request)).containsExactly(List.of("s1", "a1", "r1"), List.of("s1", "a1", "r2"));
    }

    @Test
    void shuffledMixedResultsAreMatchedToTheirQuestionsByTheIdsTheyEcho() {
        // subjects NAV=s1, BEDRIFT=s2, PERSON=s3; events PARTY=r1, OTHER=r2, THIRD=r3
        answer(response(
                result("Permit", "s2", "a1", "r3"),
                result("NotApplicable", "s1", "a1", "r2"),
                result("Permit", "s1", "a1", "r1"),
                result("Indeterminate", "s3", "a1", "r2"),
                result("Deny", "s2", "a1", "r1")));

        boolean[] decisions = pdp.mayRead(List.of(
                new ReadQuestion(NAV, PARTY_EVENT),
                new ReadQuestion(BEDRIFT, PARTY_EVENT),
                new ReadQuestion(NAV, OTHER_PARTY_EVENT),
                new ReadQuestion(PERSON, OTHER_PARTY_EVENT),
                new ReadQuestion(BEDRIFT, THIRD_PARTY_EVENT)));

        assertThat(decisions).containsExactly(true, false, false, false, true);
        assertThat(failures).isEmpty();
    }

    @Test
    void camelCaseAnswersAndEchoedValuesInArraysAreUnderstood() {
        answer("""
                {"response": [
                  {"decision": "Deny", "category": [
                    {"categoryId": "urn:oasis:names:tc:xacml:3.0:attribute-category:resource",
                     "attribute": [{"attributeId": "urn:budstikke:reference-id", "value": ["r1"]}]}]},
                  {"decision": "Permit", "category": [
                    {"categoryId": "urn:oasis:names:tc:xacml:3.0:attribute-category:resource",
                     "attribute": [{"attributeId": "urn:budstikke:reference-id", "value": "r2"}]}]}
                ]}""");

        assertThat(pdp.mayRead(NAV, List.of(PARTY_EVENT, OTHER_PARTY_EVENT)))
                .as("echoing the resource alone is enough when it picks out one reference")
                .containsExactly(false, true);
    }

    @Test
    void resultsThatEchoNothingAreTakenInTheOrderTheReferencesWereSent() {
        answer("""
                {"Response": [{"Decision": "Deny"}, {"Decision": "Permit"}]}""");

        assertThat(pdp.mayRead(NAV, List.of(PARTY_EVENT, OTHER_PARTY_EVENT))).containsExactly(false, true);
    }

    @Test
    void questionsNoResultCanBeMatchedToAreDeniedAndCounted() {
        answer("""
                {"Response": [{"Decision": "Permit"}]}""");

        assertThat(pdp.mayRead(NAV, List.of(PARTY_EVENT, OTHER_PARTY_EVENT)))
                .as("one result for two references cannot be placed by order")
                .containsExactly(false, false);
        assertThat(failures).containsExactly("incomplete");

        failures.clear();
        answer(response(result("Permit", "s1", "a1", "r1"), result("Permit", "s9", "a1", "r2")));
        assertThat(pdp.mayRead(NAV, List.of(PARTY_EVENT, OTHER_PARTY_EVENT))).containsExactly(true, false);
        assertThat(failures).containsExactly("incomplete");
    }

    @Test
    void aReferenceAnsweredTwiceIsPermittedOnlyIfBothAnswersPermit() {
        answer(response(result("Permit", "s1", "a1", "r1"), result("Deny", "s1", "a1", "r1")));

        assertThat(pdp.mayRead(NAV, PARTY_EVENT)).isFalse();
    }

    @Test
    void publishReadAllAndSubscribeAreAskedWithTheirOwnActions() {
        answer(response(result("Permit", "s1", "a1", "r1")));

        assertThat(pdp.mayPublish(BEDRIFT, SKATTEMELDING)).isTrue();
        assertThat(pdp.mayReadAll(NAV, SKATTEMELDING)).isTrue();
        assertThat(pdp.maySubscribe(PERSON, SKATTEMELDING, "/party/50001", null)).isTrue();

        List<JsonNode> requests = requests();
        assertThat(requests).hasSize(3);
        assertThat(action(requests.get(0))).isEqualTo("publish");
        assertThat(resourceAttributeIds(requests.get(0))).containsExactly("urn:altinn:resource");
        assertThat(action(requests.get(1))).isEqualTo("read");
        assertThat(resourceAttributeIds(requests.get(1)))
                .as("reading the whole resource names no party").containsExactly("urn:altinn:resource");
        assertThat(action(requests.get(2))).isEqualTo("subscribe");
        assertThat(resourceAttributeIds(requests.get(2))).containsExactly("urn:altinn:resource", "urn:altinn:partyid");
    }

    @Test
    void noQuestionsAskNothing() {
        assertThat(pdp.mayRead(List.of())).isEmpty();
        assertThat(pdp.mayRead(NAV, List.of())).isEmpty();
        pdpServer.verify(0, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aSlowPdpDeniesEveryQuestionAndIsCounted() throws IOException {
        pdpServer.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(response(result("Permit", "s1", "a1", "r1"),
                result("Permit", "s2", "a1", "r1"))).withFixedDelay(3_000)));

        try (XacmlPolicyDecisionPoint impatient = pdpWithTimeout(Duration.ofMillis(300))) {
            long started = System.nanoTime();
            boolean[] decisions = impatient.mayRead(List.of(new ReadQuestion(PERSON, PARTY_EVENT),
                    new ReadQuestion(NAV, PARTY_EVENT)));

            assertThat(decisions).containsExactly(false, false);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        }
        assertThat(failures).containsExactly("timeout");
        assertLoggedWithoutSecrets();
    }

    @Test
    void aServerErrorDeniesEveryQuestionAndIsCounted() {
        pdpServer.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500).withBody("boom")));

        assertThat(pdp.mayRead(PERSON, List.of(PARTY_EVENT, OTHER_PARTY_EVENT))).containsExactly(false, false);
        assertThat(pdp.mayPublish(PERSON, SKATTEMELDING)).isFalse();

        assertThat(failures).containsExactly("status", "status");
        assertLoggedWithoutSecrets();
    }

    @Test
    void aMalformedAnswerDeniesEveryQuestionAndIsCounted() {
        answer("{\"Response\": [{\"Decision\": \"Permit\"");
        assertThat(pdp.mayRead(PERSON, PARTY_EVENT)).isFalse();

        answer("{\"Result\": \"Permit\"}");
        assertThat(pdp.mayRead(PERSON, PARTY_EVENT)).isFalse();

        answer("");
        assertThat(pdp.mayRead(PERSON, PARTY_EVENT)).isFalse();

        assertThat(failures).containsExactly("malformed", "malformed", "malformed");
        assertLoggedWithoutSecrets();
    }

    @Test
    void anUnreachablePdpDeniesAndIsCounted() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (XacmlPolicyDecisionPoint unreachable = pdpAt(URI.create("http://127.0.0.1:" + closedPort + PATH),
                Duration.ofSeconds(2))) {
            assertThat(unreachable.mayRead(PERSON, PARTY_EVENT)).isFalse();
        }
        assertThat(failures).containsExactly("connection");
    }

    @Test
    void aTokenThatCannotBeHadDeniesWithoutAskingAndIsCounted() throws IOException {
        try (XacmlPolicyDecisionPoint tokenless = new XacmlPolicyDecisionPoint(
                URI.create("http://127.0.0.1:" + pdpServer.port() + PATH), Duration.ofSeconds(2), Duration.ofSeconds(2),
                null, () -> {
                    throw new IllegalStateException("secret=" + TOKEN);
                }, 1, MAX_ANSWER, failures::add)) {
            assertThat(tokenless.mayRead(PERSON, PARTY_EVENT)).isFalse();
        }
        assertThat(failures).containsExactly("token");
        pdpServer.verify(0, postRequestedFor(urlEqualTo(PATH)));
        assertLoggedWithoutSecrets();
    }

    @Test
    void aFailingCounterDoesNotTurnADenialIntoAnError() throws IOException {
        pdpServer.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
        try (XacmlPolicyDecisionPoint counted = new XacmlPolicyDecisionPoint(
                URI.create("http://127.0.0.1:" + pdpServer.port() + PATH), Duration.ofSeconds(2), Duration.ofSeconds(2),
                KEY, null, 1, MAX_ANSWER, reason -> {
                    throw new IllegalStateException("registry gone");
                })) {
            assertThat(counted.mayRead(PERSON, PARTY_EVENT)).isFalse();
        }
        pdpServer.verify(postRequestedFor(urlEqualTo(PATH))
                .withoutHeader("Authorization")
                .withRequestBody(matchingJsonPath("$.Request.MultiRequests.RequestReference[0].ReferenceId")));
    }

    private void answer(String json) {
        pdpServer.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(json)));
    }

    private static String response(String... results) {
        return "{\"Response\": [" + String.join(", ", results) + "]}";
    }

    /** A result in the profile's shape, echoing the reference ids of the categories it answers. */
    private static String result(String decision, String subjectId, String actionId, String resourceId) {
        return """
                {"Decision": "%s", "Status": {"StatusCode": {"Value": "urn:oasis:names:tc:xacml:1.0:status:ok"}},
                 "Category": [%s, %s, %s]}""".formatted(decision,
                echo("urn:oasis:names:tc:xacml:1.0:subject-category:access-subject", subjectId),
                echo("urn:oasis:names:tc:xacml:3.0:attribute-category:action", actionId),
                echo("urn:oasis:names:tc:xacml:3.0:attribute-category:resource", resourceId));
    }

    private static String echo(String category, String id) {
        return """
                {"CategoryId": "%s", "Attribute": [{"AttributeId": "urn:budstikke:reference-id", "Value": "%s",
                  "DataType": "http://www.w3.org/2001/XMLSchema#string", "IncludeInResult": true}]}"""
                .formatted(category, id);
    }

    private static List<JsonNode> requests() {
        ObjectMapper mapper = new ObjectMapper();
        return pdpServer.findAll(postRequestedFor(urlEqualTo(PATH))).stream().map(r -> {
            try {
                return mapper.readTree(r.getBodyAsString());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static JsonNode onlyRequest() {
        List<JsonNode> requests = requests();
        assertThat(requests).as("one HTTP request for all the questions").hasSize(1);
        return requests.get(0);
    }

    private static List<List<String>> referenceIds(JsonNode request) {
        List<List<String>> ids = new ArrayList<>();
        request.get("MultiRequests").get("RequestReference").forEach(reference -> {
            List<String> referenceId = new ArrayList<>();
            reference.get("ReferenceId").forEach(id -> referenceId.add(id.asText()));
            ids.add(referenceId);
        });
        return ids;
    }

    private static String action(JsonNode body) {
        return body.get("Request").get("Action").get(0).get("Attribute").get(0).get("Value").asText();
    }

    private static List<String> resourceAttributeIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("Request").get("Resource").get(0).get("Attribute").forEach(a -> ids.add(a.get("AttributeId").asText()));
        ids.remove("urn:budstikke:reference-id");
        return ids;
    }

    private void assertLoggedWithoutSecrets() {
        String logged = log.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
        assertThat(logged).isNotEmpty().doesNotContain(PID, KEY, TOKEN, "974760673");
    }
}
