package no.budstikke.bench;

import java.util.List;
import java.util.Locale;

import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.SubscriptionIndex;

/**
 * How much work the {@link SubscriptionIndex} gives G1's concurrent marking, the collector's cost the hub pays
 * again and again with many subscriptions: loads a population, drops the list, and starts marking cycles with
 * {@code System.gc()} under {@code -XX:+ExplicitGCInvokesConcurrent}. Run it with {@code -Xlog:gc} and read the
 * "Concurrent Mark Cycle" durations; one argument, the number of subscriptions (default 1 000 000).
 */
public final class IndexMarking {

    private IndexMarking() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        SubscriptionIndex index = new SubscriptionIndex();
        List<Subscription> loaded = new SubscriptionPopulation(1).subscriptions(size);
        index.replaceAll(loaded);
        loaded = null;
        for (int cycle = 0; cycle < 4; cycle++) {
            long start = System.nanoTime();
            System.gc();
            System.out.printf(Locale.ROOT, "cycle %d: System.gc() returned after %.0f ms%n", cycle,
                    (System.nanoTime() - start) / 1e6);
        }
        System.out.println("index still holds " + index.size());
    }
}
