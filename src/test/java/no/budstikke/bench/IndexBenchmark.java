package no.budstikke.bench;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.SubscriptionFilter;
import no.budstikke.subscription.SubscriptionIndex;
import no.budstikke.subscription.SubscriptionIndex.EventKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the {@link SubscriptionIndex} with a full population loaded (see {@link SubscriptionPopulation}):
 * the latency of one {@code match} over a mix of events (building the matched subscriptions, or only their ids), and of one {@code put} that moves an existing subscription
 * to another subject. Sample-time mode, so JMH prints the percentiles. Run by {@link IndexBenchmarkLauncher}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class IndexBenchmark {

    private static final int MIX = 1 << 16;

    @Param("1000000")
    public int subscriptions;

    private final SubscriptionIndex index = new SubscriptionIndex();
    private EventKey[] events;
    private Subscription[] moves;

    /** Where each benchmark thread is in the event mix and in the moves. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup(Level.Trial)
    public void load() {
        SubscriptionPopulation population = new SubscriptionPopulation(1);
        List<Subscription> all = population.subscriptions(subscriptions);
        index.replaceAll(all);
        events = population.events(all, MIX);
        // Each subscription moved to a fresh subject and, a lap later, back: the index keeps its size.
        moves = new Subscription[2 * MIX];
        for (int i = 0; i < MIX; i++) {
            Subscription original = all.get(i);
            SubscriptionFilter filter = original.filter();
            moves[i] = new Subscription(original.id(), original.consumer(), original.createdBy(), original.endPoint(),
                    new SubscriptionFilter(filter.resource(), filter.sourcePrefix(), population.unsubscribedSubject(),
                            filter.alternativeSubject(), filter.type()),
                    original.delivery(), original.status(), original.created(), original.number(), false);
            moves[MIX + i] = original;
        }
    }

    @Benchmark
    public List<Subscription> match(Cursor cursor) {
        return index.match(events[cursor.next++ & (MIX - 1)]);
    }

    /** What the dispatcher asks: the ids alone, no subscription built. */
    @Benchmark
    public List<UUID> matchingIds(Cursor cursor) {
        return index.matchingIds(events[cursor.next++ & (MIX - 1)]);
    }

    @Benchmark
    public void putMovingASubscription(Cursor cursor) {
        index.put(moves[cursor.next++ & (2 * MIX - 1)]);
    }
}
