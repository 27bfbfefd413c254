package no.budstikke.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import no.budstikke.subscription.DeliveryPolicy;
import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.SubscriptionFilter;
import no.budstikke.subscription.SubscriptionIndex.EventKey;

/**
 * Active subscriptions shaped like a national hub's, and events to match against them, for the index benchmark.
 *
 * <p>50 resources whose popularity falls off as 1/rank (the busiest holds ~22 % of the subject subscriptions).
 * 90 % of subscriptions filter on a subject of their own — mostly a citizen's {@code /person/…} number, the rest an
 * {@code /organisation/…}; a tenth of those also on an alternative subject, and a tenth share their subject with an
 * earlier subscription. 9 % filter on an alternative subject only. 1 % take the whole resource, ~200 per resource,
 * most narrowed by a type or source prefix. Each subscription is built the way the store's row mapper builds it —
 * fresh strings, a fresh delivery policy with its own parsed retry schedule — so that memory figures are honest.
 */
final class SubscriptionPopulation {

    static final int RESOURCES = 50;
    private static final String[] TYPES = {"innsendt", "endret", "slettet", "frist.varsel", "frist.utlopt"};
    private static final List<String> SCHEDULE = DeliveryPolicy.DEFAULT_SCHEDULE.stream().map(Duration::toString).toList();
    private static final List<String> SHORT_SCHEDULE = List.of("PT1M", "PT10M", "PT1H");
    private static final int APPS = 20;
    private static final int ORGANISATIONS = 2_000;

    private final SplittableRandom random;
    private final double[] cumulativeWeight = new double[RESOURCES];
    private long nextPerson;
    private long nextOrganisation;

    SubscriptionPopulation(long seed) {
        random = new SplittableRandom(seed);
        double sum = 0;
        for (int r = 0; r < RESOURCES; r++) {
            sum += 1.0 / (r + 1);
            cumulativeWeight[r] = sum;
        }
        for (int r = 0; r < RESOURCES; r++) {
            cumulativeWeight[r] /= sum;
        }
    }

    /** The active subscriptions, as {@code SubscriptionStore.active()} would return them. */
    List<Subscription> subscriptions(int count) {
        List<Subscription> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(next(all));
        }
        return all;
    }

    /** One more subscription of the same mix, with a subject nobody has subscribed to yet. */
    Subscription next() {
        return next(List.of());
    }

    /** A citizen's subject nobody has subscribed to yet. */
    String unsubscribedSubject() {
        return person();
    }

    /**
     * Events: 70 % about a subject with subscriptions, 10 % about an alternative subject with subscriptions, 15 %
     * about an unsubscribed subject of a subscribed resource (only the whole-resource subscriptions are candidates),
     * 5 % on a resource nobody subscribes to.
     */
    EventKey[] events(List<Subscription> population, int count) {
        EventKey[] events = new EventKey[count];
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            if (roll < 70) {
                SubscriptionFilter hit = pick(population, true);
                events[i] = event(hit.resource(), hit.subject(), hit.alternativeSubject());
            } else if (roll < 80) {
                SubscriptionFilter hit = pick(population, false);
                events[i] = event(hit.resource(), person(), hit.alternativeSubject());
            } else if (roll < 95) {
                events[i] = event(resource(popularResource()), person(), null);
            } else {
                events[i] = new EventKey("urn:altinn:resource:unsubscribed-" + random.nextInt(100), "https://x.example.no/",
                        "x.innsendt", person(), null);
            }
        }
        return events;
    }

    private Subscription next(List<Subscription> earlier) {
        int roll = random.nextInt(100);
        if (roll == 0) {
            return wholeResource(random.nextInt(RESOURCES));
        }
        int r = popularResource();
        if (roll < 10) {
            return forConsumer(organisation(), new SubscriptionFilter(resource(r), null, null, person(), null));
        }
        if (roll < 19 && !earlier.isEmpty()) {
            SubscriptionFilter shared = earlier.get(random.nextInt(earlier.size())).filter();
            if (shared.subject() != null) {
                return forConsumer(organisation(), new SubscriptionFilter(copy(shared.resource()), null,
                        copy(shared.subject()), null, subjectType(shortName(r))));
            }
        }
        String subject = random.nextInt(4) == 0 ? organisationSubject() : person();
        String alternative = random.nextInt(10) == 0 ? person() : null;
        SubscriptionFilter filter = new SubscriptionFilter(resource(r), null, subject, alternative, subjectType(shortName(r)));
        boolean citizen = subject.startsWith("/person/") && random.nextInt(5) != 0;
        if (citizen) {
            // A citizen subscribing to their own events through one of a few apps.
            return subscription(copy(subject), "https://app-" + random.nextInt(APPS) + ".example.no/budstikke/hook", filter);
        }
        return forConsumer(organisation(), filter);
    }

    private Subscription wholeResource(int r) {
        String name = shortName(r);
        int roll = random.nextInt(10);
        SubscriptionFilter filter;
        if (roll < 2) {
            filter = new SubscriptionFilter(resource(r), null, null, null, name + (random.nextBoolean() ? ".*" : ".frist.*"));
        } else if (roll < 6) {
            filter = new SubscriptionFilter(resource(r), null, null, null, name + "." + TYPES[random.nextInt(TYPES.length)]);
        } else if (roll < 9) {
            filter = new SubscriptionFilter(resource(r), "https://" + name + ".example.no/" + (random.nextBoolean() ? "" : "test/"),
                    null, null, null);
        } else {
            filter = new SubscriptionFilter(resource(r), null, null, null, null);
        }
        return forConsumer(organisation(), filter);
    }

    private Subscription forConsumer(String organisation, SubscriptionFilter filter) {
        return subscription(organisation, "https://" + organisation.substring(5) + ".example.no/events", filter);
    }

    private Subscription subscription(String consumer, String endPoint, SubscriptionFilter filter) {
        boolean shortSchedule = random.nextInt(20) == 0;
        List<Duration> schedule = (shortSchedule ? SHORT_SCHEDULE : SCHEDULE).stream().map(Duration::parse).toList();
        return new Subscription(new UUID(random.nextLong(), random.nextLong()), consumer, copy(consumer), endPoint,
                filter, new DeliveryPolicy(schedule, Duration.parse("PT30S"), 8), copy(Subscription.ACTIVE),
                OffsetDateTime.ofInstant(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(60_000_000)), ZoneOffset.UTC), 0, false);
    }

    private EventKey event(String resource, String subject, String alternativeSubject) {
        String name = resource.substring(resource.lastIndexOf(':') + 1);
        return new EventKey(copy(resource), "https://" + name + ".example.no/api/v1",
                name + "." + TYPES[random.nextInt(TYPES.length)], copy(subject), copy(alternativeSubject));
    }

    private SubscriptionFilter pick(List<Subscription> population, boolean bySubject) {
        while (true) {
            SubscriptionFilter filter = population.get(random.nextInt(population.size())).filter();
            if (bySubject ? filter.subject() != null : filter.subject() == null && filter.alternativeSubject() != null) {
                return filter;
            }
        }
    }

    private String subjectType(String shortName) {
        int roll = random.nextInt(10);
        if (roll < 7) {
            return null;
        }
        return roll < 9 ? shortName + ".*" : shortName + "." + TYPES[random.nextInt(TYPES.length)];
    }

    private int popularResource() {
        int r = Arrays.binarySearch(cumulativeWeight, random.nextDouble());
        return Math.min(RESOURCES - 1, r >= 0 ? r : -r - 1);
    }

    private static String resource(int r) {
        return "urn:altinn:resource:" + shortName(r);
    }

    private static String shortName(int r) {
        return String.format("bench-%02d", r);
    }

    private String person() {
        return "/person/" + (10_000_000_000L + 7 * nextPerson++);
    }

    private String organisationSubject() {
        return "/organisation/" + (800_000_000L + nextOrganisation++);
    }

    private String organisation() {
        return "/org/" + (900_000_000 + random.nextInt(ORGANISATIONS));
    }

    /** A string as a JDBC row would hold it: equal content, its own instance. */
    private static String copy(String value) {
        return value == null ? null : new String(value);
    }
}
