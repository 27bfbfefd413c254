package no.budstikke.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.UUID;

import no.budstikke.subscription.SubscriptionIndex.EventKey;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {

    private static final String SKD = "urn:altinn:resource:skd-skattemelding";

    private final SubscriptionIndex index = new SubscriptionIndex();

    private static Subscription subscription(String resource, String source, String subject, String alternative, String type) {
        return new Subscription(UUID.randomUUID(), "/org/nav", "/org/nav", "amqp:q",
                new SubscriptionFilter(resource, source, subject, alternative, type), DeliveryPolicy.defaults(),
                Subscription.ACTIVE, OffsetDateTime.now());
    }

    private static EventKey event(String subject, String alternative, String type, String source) {
        return new EventKey(SKD, source, type, subject, alternative);
    }

    @Test
    void matchesExactlyTheSubscriptionsWhoseFiltersTheEventSatisfies() {
        Subscription all = subscription(SKD, null, null, null, null);
        Subscription bySubject = subscription(SKD, null, "/organisation/974760673", null, null);
        Subscription byAlternative = subscription(SKD, null, null, "/person/01038712345", null);
        Subscription byTypePrefix = subscription(SKD, null, null, null, "skattemelding.*");
        Subscription byExactType = subscription(SKD, null, null, null, "skattemelding.innsendt");
        Subscription bySource = subscription(SKD, "urn:skd:", null, null, null);
        Subscription otherSubject = subscription(SKD, null, "/organisation/111111111", null, null);
        Subscription otherResource = subscription("urn:altinn:resource:other", null, null, null, null);
        for (Subscription s : new Subscription[] {all, bySubject, byAlternative, byTypePrefix, byExactType, bySource,
                otherSubject, otherResource}) {
            index.put(s);
        }

        assertThat(index.match(event("/organisation/974760673", "/person/01038712345", "skattemelding.innsendt", "urn:skd:a")))
                .containsExactlyInAnyOrder(all, bySubject, byAlternative, byTypePrefix, byExactType, bySource);
        assertThat(index.match(event("/organisation/974760673", null, "skattemelding.endret", "https://other")))
                .containsExactlyInAnyOrder(all, bySubject, byTypePrefix);
        assertThat(index.match(event(null, null, "annet", null))).containsExactly(all);
        assertThat(index.match(new EventKey("urn:altinn:resource:none", "s", "t", null, null))).isEmpty();
    }

    @Test
    void subscriptionWithSubjectAndAlternativeSubjectNeedsBoth() {
        Subscription both = subscription(SKD, null, "/organisation/974760673", "/person/01038712345", null);
        index.put(both);

        assertThat(index.match(event("/organisation/974760673", "/person/01038712345", "t", "s"))).containsExactly(both);
        assertThat(index.match(event("/organisation/974760673", "/person/99999999999", "t", "s"))).isEmpty();
        assertThat(index.match(event(null, "/person/01038712345", "t", "s"))).isEmpty();
    }

    @Test
    void removedSubscriptionsNoLongerMatchAndEmptyResourcesAreDropped() {
        Subscription a = subscription(SKD, null, "/organisation/974760673", null, null);
        Subscription b = subscription(SKD, null, null, null, null);
        index.put(a);
        index.put(b);

        index.remove(a.id());

        assertThat(index.match(event("/organisation/974760673", null, "t", "s"))).containsExactly(b);
        index.remove(b.id());
        assertThat(index.size()).isZero();
        assertThat(index.match(event("/organisation/974760673", null, "t", "s"))).isEmpty();
    }

    @Test
    void puttingASubscriptionAgainReplacesIt() {
        Subscription first = subscription(SKD, null, "/organisation/974760673", null, null);
        Subscription moved = new Subscription(first.id(), first.consumer(), first.createdBy(), first.endPoint(),
                new SubscriptionFilter(SKD, null, "/organisation/111111111", null, null), first.delivery(),
                first.status(), first.created());
        index.put(first);
        index.put(moved);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.match(event("/organisation/974760673", null, "t", "s"))).isEmpty();
        assertThat(index.match(event("/organisation/111111111", null, "t", "s"))).containsExactly(moved);
    }
}
