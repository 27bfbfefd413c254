package no.budstikke.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import no.budstikke.store.EventPage;
import no.budstikke.store.StoredEvent;
import org.junit.jupiter.api.Test;

/** The query enforcement point with the built-in decision point: whole pages for owners, event by event otherwise. */
class ReadAuthorizerTest {

    private static final String TAX = "urn:altinn:resource:skd-skattemelding";
    private static final String COMPANY = "/organisation/974760673";
    private static final String CEO = "/person/01038712345";

    private final List<Integer> lookups = new ArrayList<>();
    private final List<Denial> denials = new ArrayList<>();
    private final BuiltInPolicyDecisionPoint pdp = new BuiltInPolicyDecisionPoint(pairs -> {
        lookups.add(pairs.size());
        RoleDirectory.HolderParty ceo = new RoleDirectory.HolderParty(CEO, COMPANY);
        return pairs.contains(ceo) ? Map.of(ceo, Set.of("DAGL")) : Map.of();
    });
    private final ReadAuthorizer authorizer = new ReadAuthorizer(pdp, denials::add);

    ReadAuthorizerTest() {
        pdp.replace(new PolicySnapshot(List.of(new ResourceRules(TAX, "/org/skd", Set.of(), Set.of("DAGL"), Set.of())),
                List.of(new Grant("/org/nav", TAX))));
    }

    @Test
    void ownerAndGranteeGetTheWholePageWithoutAnyRoleQuestion() {
        EventPage page = page(COMPANY, "/organisation/999999999", null);

        assertThat(authorizer.readable(new Identity("/org/skd"), page).events()).isEqualTo(page.events());
        assertThat(authorizer.readable(new Identity("/org/nav"), page).events()).isEqualTo(page.events());
        assertThat(lookups).isEmpty();
        assertThat(denials).isEmpty();
    }

    @Test
    void aReaderWithRolesGetsOnlyItsPartiesEventsAndEachLeftOutEventIsAudited() {
        EventPage page = page(COMPANY, "/organisation/999999999", null);

        EventPage readable = authorizer.readable(new Identity(CEO), page);

        assertThat(readable.events()).extracting(StoredEvent::subject).containsExactly(COMPANY);
        assertThat(readable.lastSequence()).as("the cursor still moves past the left-out events").isEqualTo(3);
        assertThat(denials).hasSize(2);
    }

    @Test
    void aPageOfAnUnknownResourceIsEmptyForAnyoneButNotForItsOwnParty() {
        EventPage page = new EventPage(List.of(event(1, "urn:altinn:resource:unknown", COMPANY)), 1);

        assertThat(authorizer.readable(new Identity("/org/skd"), page).events()).isEmpty();
        assertThat(authorizer.readable(new Identity(COMPANY), page).events()).hasSize(1);
    }

    private static EventPage page(String... subjects) {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < subjects.length; i++) {
            events.add(event(i + 1, TAX, subjects[i]));
        }
        return new EventPage(events, subjects.length);
    }

    private static StoredEvent event(long sequence, String resource, String subject) {
        return new StoredEvent(sequence, OffsetDateTime.parse("2026-11-30T10:00:00Z"), resource, subject, null,
                "{\"id\":\"" + sequence + "\"}");
    }
}
