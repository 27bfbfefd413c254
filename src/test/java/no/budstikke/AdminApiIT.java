package no.budstikke;

import static no.budstikke.support.HubClient.json;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/** The admin API for the built-in policy: who may use it, what it stores, and what it refuses. */
class AdminApiIT extends HubIntegrationTest {

    private static final String BASE = "/events/api/v1/admin";
    private static final String RESOURCE = "urn:altinn:resource:admin-api";

    @Test
    void onlyTheAdminScopeGetsIn() {
        var withoutAdmin = hub.request("GET", BASE + "/resources", hub.token("/org/skd"), null);
        assertThat(withoutAdmin.statusCode()).isEqualTo(403);
        assertThat(withoutAdmin.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(hub.request("GET", BASE + "/resources", null, null).statusCode()).isEqualTo(401);
        assertThat(hub.admin("GET", BASE + "/resources", null).statusCode()).isEqualTo(200);
    }

    @Test
    void resourcesArePutReadReplacedAndDeleted() {
        var created = hub.admin("PUT", BASE + "/resources/" + RESOURCE, json(Map.of("owner", "/org/admin-test",
                "publishers", List.of("/organisation/910000060"), "readRoles", List.of("DAGL"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var replaced = hub.admin("PUT", BASE + "/resources/" + RESOURCE, json(Map.of("owner", "/org/admin-test",
                "readRoles", List.of("REGNA", "DAGL"), "subscribeRoles", List.of("DAGL"))));
        assertThat(replaced.statusCode()).isEqualTo(200);

        JsonNode stored = parse(hub.admin("GET", BASE + "/resources/" + RESOURCE, null).body());
        assertThat(stored.get("owner").asText()).isEqualTo("/org/admin-test");
        assertThat(stored.get("publishers")).isEmpty();
        assertThat(stored.get("readRoles")).extracting(JsonNode::asText).containsExactly("DAGL", "REGNA");
        assertThat(parse(hub.admin("GET", BASE + "/resources", null).body())).extracting(r -> r.get("id").asText())
                .contains(RESOURCE, "urn:altinn:resource:skd-skattemelding");
        // The owner may publish at once: the decision point took the new resource.
        assertThat(hub.publish(hub.token("/org/admin-test"), "application/cloudevents+json",
                no.budstikke.support.HubClient.event(no.budstikke.support.HubClient.newId(), RESOURCE, null)).statusCode())
                .isEqualTo(201);

        assertThat(hub.admin("DELETE", BASE + "/resources/" + RESOURCE, null).statusCode()).isEqualTo(204);
        assertThat(hub.admin("GET", BASE + "/resources/" + RESOURCE, null).statusCode()).isEqualTo(404);
        assertThat(hub.admin("DELETE", BASE + "/resources/" + RESOURCE, null).statusCode()).isEqualTo(404);
    }

    @Test
    void roleAssignmentsArePagedByHolderOrParty() {
        String holder = "/organisation/910000070";
        for (int i = 0; i < 5; i++) {
            var added = hub.admin("POST", BASE + "/roles", json(Map.of("holder", holder, "role", "ACCOUNTANT",
                    "party", "/organisation/92000000" + i)));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        }
        assertThat(hub.admin("POST", BASE + "/roles", json(Map.of("holder", holder, "role", "ACCOUNTANT",
                "party", "/organisation/920000000"))).statusCode()).as("the same again").isEqualTo(200);

        JsonNode first = parse(hub.admin("GET", BASE + "/roles?holder=" + holder + "&size=3", null).body());
        assertThat(first.get("roleAssignments")).hasSize(3);
        JsonNode second = parse(hub.admin("GET", BASE + "/roles?holder=" + holder + "&size=3&after="
                + java.net.URLEncoder.encode(first.get("after").asText(), java.nio.charset.StandardCharsets.UTF_8), null).body());
        assertThat(second.get("roleAssignments")).extracting(r -> r.get("party").asText())
                .containsExactly("/organisation/920000003", "/organisation/920000004");
        assertThat(parse(hub.admin("GET", BASE + "/roles?party=/organisation/920000004", null).body()).get("roleAssignments"))
                .extracting(r -> r.get("holder").asText()).containsExactly(holder);

        assertThat(hub.admin("DELETE", BASE + "/roles?holder=" + holder + "&role=ACCOUNTANT&party=/organisation/920000004", null)
                .statusCode()).isEqualTo(204);
        assertThat(hub.admin("DELETE", BASE + "/roles?holder=" + holder + "&role=ACCOUNTANT&party=/organisation/920000004", null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void grantsAreAddedListedAndWithdrawn() {
        String body = json(Map.of("holder", "/org/admin-grantee", "resource", "urn:altinn:resource:skd-skattemelding"));
        assertThat(hub.admin("POST", BASE + "/grants", body).statusCode()).isEqualTo(201);
        assertThat(parse(hub.admin("GET", BASE + "/grants?holder=/org/admin-grantee", null).body()).get("grants"))
                .extracting(g -> g.get("resource").asText()).containsExactly("urn:altinn:resource:skd-skattemelding");
        assertThat(hub.admin("DELETE", BASE + "/grants?holder=/org/admin-grantee&resource=urn:altinn:resource:skd-skattemelding",
                null).statusCode()).isEqualTo(204);
        assertThat(parse(hub.admin("GET", BASE + "/grants?holder=/org/admin-grantee", null).body()).get("grants")).isEmpty();
    }

    @Test
    void badRequestsAreRefusedWithProblemsNamingTheFieldAndChangeNothing() {
        long before = rows();
        assertBad("PUT", BASE + "/resources/" + RESOURCE, "{\"owner\": \"skd\", \"publishers\": [\"/org/x\", 7], \"readRoles\": \"DAGL\"}",
                400, "owner", "publishers[1]", "readRoles");
        assertBad("PUT", BASE + "/resources/not-a-urn", "{\"owner\": \"/org/x\"}", 400, "id");
        assertBad("PUT", BASE + "/resources/" + RESOURCE, "{not json", 400, "$");
        assertBad("PUT", BASE + "/resources/" + RESOURCE, "[1, 2]", 400, "$");
        assertBad("POST", BASE + "/roles", "{\"holder\": \"/person/x y\", \"role\": \"\", \"party\": \"nobody\"}", 400,
                "holder", "role", "party");
        assertBad("POST", BASE + "/grants", "{\"holder\": \"/org/x\", \"resource\": \"resource\"}", 400, "resource");
        assertBad("GET", BASE + "/roles", null, 400, "holder");
        assertBad("DELETE", BASE + "/roles?holder=/org/x", null, 400, "role");
        assertBad("GET", BASE + "/audit?point=somewhere", null, 400, "point");
        assertBad("GET", BASE + "/audit?size=0", null, 400, "size");
        assertBad("POST", BASE + "/resources", "{}", 405);
        assertBad("GET", BASE + "/nothing-here", null, 404);
        assertThat(hub.admin("POST", BASE + "/resources/" + RESOURCE, "{}").headers().firstValue("Allow"))
                .hasValue("GET, PUT, DELETE");
        assertThat(hub.admin("PUT", BASE + "/roles", "{}").headers().firstValue("Allow")).hasValue("GET, POST, DELETE");
        assertThat(rows()).isEqualTo(before);
    }

    private void assertBad(String method, String path, String body, int status, String... fields) {
        var response = hub.admin(method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        JsonNode problem = parse(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        if (fields.length > 0) {
            assertThat(problem.get("errors")).extracting(e -> e.get("field").asText()).contains(fields);
        }
    }

    private long rows() {
        return jdbc.queryForObject("SELECT (SELECT count(*) FROM authz_resource) + (SELECT count(*) FROM authz_role_assignment)"
                + " + (SELECT count(*) FROM authz_grant)", Long.class);
    }
}
