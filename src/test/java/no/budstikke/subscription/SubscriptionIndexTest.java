package no.budstikke.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import no.budstikke.subscription.SubscriptionIndex.EventKey;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {

    private static final String SKD = "urn:altinn:resource:skd-skattemelding";

    private final SubscriptionIndex index = new SubscriptionIndex();

    private static Subscription subscription(String resource, String source, String subject, String alternative, String type) {
        return new Subscription(UUID.randomUUID(), "/org/nav", "/org/nav", "amqp:q",
                new SubscriptionFilter(resource, source, subject, alternative, type), DeliveryPolicy.defaults(),
                Subscription.ACTIVE, OffsetDateTime.now(), 0, false);
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
    void aMatchGivesBackTheSubscriptionAsPutAndItsIdAlone() {
        Subscription put = new Subscription(UUID.randomUUID(), "/org/974760673", "/person/01038712345",
                "https://nav.example.no/hook", new SubscriptionFilter(SKD, "urn:skd:", "/organisation/974760673", null,
                        "skattemelding.*"),
                new DeliveryPolicy(List.of(Duration.ofSeconds(5), Duration.ofMinutes(2)), Duration.ofSeconds(3), 2),
                Subscription.ACTIVE, OffsetDateTime.of(2026, 3, 29, 1, 30, 0, 123_456_789, ZoneOffset.ofHours(2)),
                4711, true);
        index.put(put);

        EventKey event = event("/organisation/974760673", null, "skattemelding.innsendt", "urn:skd:a");
        assertThat(index.match(event)).singleElement().usingRecursiveComparison().isEqualTo(put);
        assertThat(index.match(event)).containsExactly(put);
        assertThat(index.matchingIds(event)).containsExactly(put.id());
    }

    @Test
    void wholeResourceSubscriptionsWithEqualFiltersStayMatchableAsTheyComeAndGo() {
        List<Subscription> byType = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byType.add(subscription(SKD, null, null, null, i % 2 == 0 ? "skattemelding.*" : "annet"));
        }
        byType.forEach(index::put);
        index.remove(byType.get(0).id());
        index.remove(byType.get(5).id());
        index.remove(byType.get(2).id());

        assertThat(index.match(event(null, null, "skattemelding.endret", null))).containsExactly(byType.get(4));
        assertThat(index.match(event(null, null, "annet", null))).containsExactlyInAnyOrder(byType.get(1), byType.get(3));
        index.remove(byType.get(4).id());
        index.put(byType.get(0));
        assertThat(index.match(event(null, null, "skattemelding.endret", null))).containsExactly(byType.get(0));
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
                first.status(), first.created(), first.number(), false);
        index.put(first);
        index.put(moved);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.match(event("/organisation/974760673", null, "t", "s"))).isEmpty();
        assertThat(index.match(event("/organisation/111111111", null, "t", "s"))).containsExactly(moved);
    }

    @Test
    void puttingASubscriptionAgainWithAnotherResourceAndSubjectMovesItEntirely() {
        Subscription first = subscription(SKD, null, "/organisation/974760673", null, null);
        Subscription moved = new Subscription(first.id(), first.consumer(), first.createdBy(), first.endPoint(),
                new SubscriptionFilter("urn:altinn:resource:other", null, null, "/person/01038712345", null),
                first.delivery(), first.status(), first.created(), first.number(), false);
        index.put(first);
        index.put(moved);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.match(event("/organisation/974760673", "/person/01038712345", "t", "s"))).isEmpty();
        assertThat(index.match(new EventKey("urn:altinn:resource:other", "s", "t", "/organisation/974760673",
                "/person/01038712345"))).containsExactly(moved);

        index.remove(first.id());
        assertThat(index.size()).isZero();
        assertThat(index.match(new EventKey("urn:altinn:resource:other", "s", "t", null, "/person/01038712345"))).isEmpty();
    }

    @Test
    void replacingAllDropsWhatIsNotInTheNewListAndKeepsTheLastOfOneId() {
        Subscription dropped = subscription(SKD, null, null, null, null);
        Subscription kept = subscription(SKD, null, "/organisation/974760673", null, null);
        Subscription later = new Subscription(kept.id(), kept.consumer(), kept.createdBy(), "amqp:other",
                kept.filter(), kept.delivery(), kept.status(), kept.created(), kept.number(), false);
        index.put(dropped);

        index.replaceAll(List.of(kept, later));

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.match(event("/organisation/974760673", null, "t", "s"))).containsExactly(later);
    }

    @Test
    void bulkLoadAndChangesAfterwardsMatchWhatPuttingEachSubscriptionMatches() {
        Random random = new Random(42);
        List<Subscription> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            all.add(randomSubscription(random));
        }
        all.add(withId(all.get(7).id(), randomSubscription(random)));
        SubscriptionIndex putOneByOne = new SubscriptionIndex();
        Map<UUID, Subscription> active = new HashMap<>();
        all.forEach(s -> {
            putOneByOne.put(s);
            active.put(s.id(), s);
        });

        index.replaceAll(all);
        assertSameMatches(random, active.values(), index, putOneByOne);

        for (int i = 0; i < 2000; i++) {
            Subscription changed = random.nextBoolean() ? randomSubscription(random)
                    : withId(all.get(random.nextInt(all.size())).id(), randomSubscription(random));
            if (random.nextInt(3) == 0) {
                index.remove(changed.id());
                putOneByOne.remove(changed.id());
                active.remove(changed.id());
            } else {
                index.put(changed);
                putOneByOne.put(changed);
                active.put(changed.id(), changed);
            }
            all.add(changed);
        }
        assertSameMatches(random, active.values(), index, putOneByOne);
    }

    /** Both indexes match exactly the active subscriptions whose resource and filters the event satisfies. */
    private static void assertSameMatches(Random random, Collection<Subscription> active, SubscriptionIndex... indexes) {
        for (SubscriptionIndex each : indexes) {
            assertThat(each.size()).isEqualTo(active.size());
        }
        for (int i = 0; i < 1000; i++) {
            EventKey event = new EventKey(pick(random, "r0", "r1", "r2", "r3"), pick(random, "urn:a:1", "urn:b:1", null),
                    pick(random, "t.a", "t.b", "u.a"), pick(random, "/person/1", "/person/2", "/organisation/3", null),
                    pick(random, "/person/1", "/person/4", null));
            List<Subscription> expected = active.stream().filter(s -> s.filter().resource().equals(event.resource())
                    && SubscriptionIndex.accepts(s.filter(), event)).toList();
            for (SubscriptionIndex each : indexes) {
                assertThat(each.match(event)).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(each.matchingIds(event)).containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(Subscription::id).toList());
            }
        }
    }

    private static Subscription randomSubscription(Random random) {
        return subscription(pick(random, "r0", "r1", "r2"), pick(random, "urn:a:", "urn:b:", null, null),
                pick(random, "/person/1", "/person/2", "/organisation/3", null, null),
                pick(random, "/person/1", "/person/4", null, null, null), pick(random, "t.*", "t.a", "u.a", null, null));
    }

    private static Subscription withId(UUID id, Subscription s) {
        return new Subscription(id, s.consumer(), s.createdBy(), s.endPoint(), s.filter(), s.delivery(), s.status(),
                s.created(), s.number(), s.includeSubunits());
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
