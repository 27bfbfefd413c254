package no.budstikke.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The decision rules of DESIGN §4, one by one, with the role directory held in memory. */
class BuiltInPolicyDecisionPointTest {

    private static final String TAX = "urn:altinn:resource:skd-skattemelding";
    private static final String COMPANY = "/organisation/974760673";
    private static final String CEO = "/person/01038712345";
    private static final String ACCOUNTANT = "/organisation/910000001";

    private final Map<RoleDirectory.HolderParty, Set<String>> roles = new HashMap<>();
    private final List<Integer> lookups = new ArrayList<>();
    private final BuiltInPolicyDecisionPoint pdp = new BuiltInPolicyDecisionPoint(pairs -> {
        lookups.add(pairs.size());
        Map<RoleDirectory.HolderParty, Set<String>> found = new HashMap<>();
        pairs.forEach(pair -> {
            if (roles.containsKey(pair)) {
                found.put(pair, roles.get(pair));
            }
        });
        return found;
    });

    BuiltInPolicyDecisionPointTest() {
        pdp.replace(new PolicySnapshot(List.of(new ResourceRules(TAX, "/org/skd", Set.of("/organisation/889640782"),
                Set.of("DAGL", "REGNA"), Set.of("DAGL")), new ResourceRules("urn:altinn:resource:other", "/org/nav",
                Set.of(), Set.of(), Set.of())), List.of(new Grant("/org/nav", TAX))));
        role(CEO, "DAGL", COMPANY);
        role(ACCOUNTANT, "REGNA", COMPANY);
        role("/person/02029912345", "PRIV", COMPANY);
    }

    @Test
    void ownerGranteeAndThePartyItselfReadWithoutAnyRole() {
        assertThat(read("/org/skd", COMPANY, null)).isTrue();
        assertThat(read("/org/nav", COMPANY, null)).isTrue();
        assertThat(read(COMPANY, COMPANY, null)).isTrue();
        assertThat(read(COMPANY, "/person/05059912345", COMPANY)).as("as the alternative subject").isTrue();
        assertThat(lookups).as("decided in memory").isEmpty();
    }

    @Test
    void aRoleForTheSubjectOrAlternativeSubjectReadsWhenTheResourceGivesThatRole() {
        assertThat(read(CEO, COMPANY, null)).isTrue();
        assertThat(read(ACCOUNTANT, COMPANY, null)).isTrue();
        assertThat(read(CEO, "/person/05059912345", COMPANY)).isTrue();
        assertThat(read("/person/02029912345", COMPANY, null)).as("PRIV is not a role the resource gives").isFalse();
        assertThat(read(CEO, "/organisation/999999999", null)).as("a role for another party").isFalse();
    }

    @Test
    void strangersAndUnknownResourcesAreDenied() {
        assertThat(read("/org/stranger", COMPANY, null)).isFalse();
        assertThat(pdp.mayRead(new Identity(CEO), new EventAccess("urn:altinn:resource:unknown", COMPANY, null))).isFalse();
        assertThat(read(CEO, null, null)).as("no subject: no role can apply").isFalse();
    }

    @Test
    void publishingNeedsOwnershipOrAPublisherPlace() {
        assertThat(pdp.mayPublish(new Identity("/org/skd"), TAX)).isTrue();
        assertThat(pdp.mayPublish(new Identity("/organisation/889640782"), TAX)).isTrue();
        assertThat(pdp.mayPublish(new Identity("/org/nav"), TAX)).as("a grant reads, it does not publish").isFalse();
        assertThat(pdp.mayPublish(new Identity(CEO), TAX)).isFalse();
        assertThat(pdp.mayPublish(new Identity("/org/skd"), "urn:altinn:resource:unknown")).isFalse();
    }

    @Test
    void subscribingUsesTheSubscribeRolesAndWithoutASubjectNeedsOwnershipOrAGrant() {
        assertThat(pdp.maySubscribe(new Identity(CEO), TAX, COMPANY, null)).isTrue();
        assertThat(pdp.maySubscribe(new Identity(ACCOUNTANT), TAX, COMPANY, null)).as("REGNA reads but may not subscribe")
                .isFalse();
        assertThat(pdp.maySubscribe(new Identity(COMPANY), TAX, COMPANY, null)).isTrue();
        assertThat(pdp.maySubscribe(new Identity(CEO), TAX, null, null)).isFalse();
        assertThat(pdp.maySubscribe(new Identity("/org/nav"), TAX, null, null)).isTrue();
        assertThat(pdp.maySubscribe(new Identity("/org/skd"), TAX, null, null)).isTrue();
    }

    @Test
    void aPageIsDecidedWithOneRoleLookupForAllItsEvents() {
        List<ReadQuestion> page = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            page.add(new ReadQuestion(new Identity(ACCOUNTANT), new EventAccess(TAX, i % 2 == 0 ? COMPANY : "/organisation/" + (900000000 + i), null)));
        }

        boolean[] decisions = pdp.mayRead(page);

        for (int i = 0; i < decisions.length; i++) {
            assertThat(decisions[i]).as("event %d", i).isEqualTo(i % 2 == 0);
        }
        assertThat(lookups).containsExactly(26);
    }

    private boolean read(String reader, String subject, String alternativeSubject) {
        return pdp.mayRead(new Identity(reader), new EventAccess(TAX, subject, alternativeSubject));
    }

    private void role(String holder, String role, String party) {
        roles.computeIfAbsent(new RoleDirectory.HolderParty(holder, party), k -> new HashSet<>()).add(role);
    }
}
