package no.budstikke.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class FilePolicyDecisionPointTest {

    private static final String SKATTEMELDING = "urn:altinn:resource:skd-skattemelding";
    private static final String DODSBO = "urn:altinn:resource:dodsbo.domstoladmin.api";

    private static final Identity SKD = new Identity("/org/skd");
    private static final Identity PUBLISHER = new Identity("/organisation/974760673");
    private static final Identity NAV = new Identity("/org/nav");
    private static final Identity PERSON = new Identity("/person/01038712345");
    private static final Identity PARTY = new Identity("/party/50001");
    private static final Identity STRANGER = new Identity("/org/stranger");

    private final FilePolicyDecisionPoint pdp = new FilePolicyDecisionPoint(new PolicyFile(List.of(
            new PolicyFile.ResourcePolicy(SKATTEMELDING, "/org/skd", List.of("/organisation/974760673"),
                    List.of("/org/nav"), List.of("DAGL")),
            new PolicyFile.ResourcePolicy(DODSBO, "/org/da", null, List.of("/org/skd"), null)),
            List.of()));

    private static EventAccess event(String resource, String subject, String alternativeSubject) {
        return new EventAccess(resource, subject, alternativeSubject);
    }

    @Test
    void ownerMayPublishAndReadEveryEvent() {
        assertThat(pdp.mayPublish(SKD, SKATTEMELDING)).isTrue();
        assertThat(pdp.mayRead(SKD, event(SKATTEMELDING, "/party/1", "/person/02020212345"))).isTrue();
        assertThat(pdp.mayRead(SKD, event(SKATTEMELDING, null, null))).isTrue();
    }

    @Test
    void listedPublisherMayPublishButNotReadOthersEvents() {
        assertThat(pdp.mayPublish(PUBLISHER, SKATTEMELDING)).isTrue();
        assertThat(pdp.mayRead(PUBLISHER, event(SKATTEMELDING, "/party/1", "/organisation/999999999"))).isFalse();
        assertThat(pdp.mayRead(PUBLISHER, event(SKATTEMELDING, null, null))).isFalse();
    }

    @Test
    void readerMayReadEveryEventButNotPublish() {
        assertThat(pdp.mayRead(NAV, event(SKATTEMELDING, "/party/1", null))).isTrue();
        assertThat(pdp.mayRead(NAV, event(SKATTEMELDING, null, null))).isTrue();
        assertThat(pdp.mayPublish(NAV, SKATTEMELDING)).isFalse();
    }

    @Test
    void readerOfOneResourceMayNotReadAnother() {
        assertThat(pdp.mayRead(NAV, event(DODSBO, "/person/12018212345", null))).isFalse();
        assertThat(pdp.mayRead(SKD, event(DODSBO, "/person/12018212345", null))).isTrue();
        assertThat(pdp.mayPublish(SKD, DODSBO)).isFalse();
    }

    @Test
    void partyMayReadEventsWhoseSubjectIsItself() {
        assertThat(pdp.mayRead(PARTY, event(SKATTEMELDING, "/party/50001", null))).isTrue();
    }

    @Test
    void partyMayReadEventsWhoseAlternativeSubjectIsItself() {
        assertThat(pdp.mayRead(PERSON, event(SKATTEMELDING, "/party/50001", "/person/01038712345"))).isTrue();
    }

    @Test
    void partyMayNotReadEventsAboutOthers() {
        assertThat(pdp.mayRead(PARTY, event(SKATTEMELDING, "/party/50002", "/person/01038712345"))).isFalse();
        assertThat(pdp.mayRead(PERSON, event(SKATTEMELDING, "/party/50001", "/person/01038712346"))).isFalse();
        assertThat(pdp.mayRead(PARTY, event(SKATTEMELDING, null, null))).isFalse();
    }

    @Test
    void partyMayNotPublishAboutItself() {
        assertThat(pdp.mayPublish(PARTY, SKATTEMELDING)).isFalse();
    }

    @Test
    void strangerIsDenied() {
        assertThat(pdp.mayPublish(STRANGER, SKATTEMELDING)).isFalse();
        assertThat(pdp.mayRead(STRANGER, event(SKATTEMELDING, "/party/1", "/person/01038712345"))).isFalse();
    }

    @Test
    void unknownResourceIsDeniedEvenToOwnersOfOtherResources() {
        String unknown = "urn:altinn:resource:unknown";

        assertThat(pdp.mayPublish(SKD, unknown)).isFalse();
        assertThat(pdp.mayRead(SKD, event(unknown, "/party/1", null))).isFalse();
        assertThat(pdp.mayRead(NAV, event(unknown, null, null))).isFalse();
    }

    @Test
    void batchDecisionsFollowTheEventOrder() {
        boolean[] decisions = pdp.mayRead(PARTY, List.of(
                event(SKATTEMELDING, "/party/50001", null),
                event(SKATTEMELDING, "/party/2", null),
                event(DODSBO, null, "/party/50001")));

        assertThat(decisions).containsExactly(true, false, true);
    }
}
