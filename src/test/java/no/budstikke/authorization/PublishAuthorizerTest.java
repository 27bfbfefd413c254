package no.budstikke.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import no.budstikke.event.CloudEvent;
import no.budstikke.event.CloudEventCodec;

class PublishAuthorizerTest {

    private static final String OWNED = "urn:altinn:resource:owned";
    private static final String FOREIGN = "urn:altinn:resource:foreign";

    private final CloudEventCodec codec = new CloudEventCodec();
    private final List<Denial> denials = new ArrayList<>();
    private final PublishAuthorizer authorizer = new PublishAuthorizer(policy(), denials::add);

    private static BuiltInPolicyDecisionPoint policy() {
        BuiltInPolicyDecisionPoint pdp = new BuiltInPolicyDecisionPoint(pairs -> Map.of());
        pdp.replace(new PolicySnapshot(List.of(
                new ResourceRules(OWNED, "/org/skd", Set.of("/person/01038712345"), Set.of(), Set.of()),
                new ResourceRules(FOREIGN, "/org/nav", Set.of(), Set.of(), Set.of())), List.of()));
        return pdp;
    }

    private CloudEvent event(String id, String resource) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"urn:s\",\"type\":\"t\",\"resource\":\""
                + resource + "\"}";
        return codec.toEvent((ObjectNode) codec.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventsOfResourcesThePublisherMayPublishPassUnchanged() {
        List<CloudEvent> events = List.of(event("1", OWNED), event("2", OWNED));

        assertThat(authorizer.authorize(new Identity("/org/skd"), events)).isSameAs(events);
    }

    @Test
    void oneForbiddenResourceRefusesTheWholeRequest() {
        List<CloudEvent> events = List.of(event("1", OWNED), event("2", FOREIGN), event("3", OWNED));

        assertThatThrownBy(() -> authorizer.authorize(new Identity("/org/skd"), events))
                .isInstanceOf(PublishDeniedException.class)
                .hasMessage("/org/skd may not publish events of " + FOREIGN);
        assertThat(denials).singleElement().satisfies(denial -> {
            assertThat(denial.point()).isEqualTo("publish");
            assertThat(denial.identity()).isEqualTo("/org/skd");
            assertThat(denial.resource()).isEqualTo(FOREIGN);
        });
    }

    @Test
    void refusalMessageDoesNotRevealAPersonNumber() {
        assertThatThrownBy(() -> authorizer.authorize(new Identity("/person/01038712345"), List.of(event("1", FOREIGN))))
                .isInstanceOf(PublishDeniedException.class)
                .hasMessageContaining("/person/***")
                .hasMessageNotContaining("01038712345");
    }
}
