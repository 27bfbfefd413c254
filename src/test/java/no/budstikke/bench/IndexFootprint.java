package no.budstikke.bench;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.SubscriptionIndex;

/**
 * What the {@link SubscriptionIndex} costs besides matching, measured in this JVM with plain timers: the time to
 * load a full population with {@code replaceAll}, the heap and the number of objects it keeps, and the latency of
 * one {@code put} of a new subscription and of one {@code remove} with the population loaded.
 *
 * <p>Heap is "used heap after a full collection" from the {@code MemoryMXBean}: once before the population is
 * built, once with only the loaded list alive (what the store hands over), and once with only the index alive.
 */
final class IndexFootprint {

    private static final int CHANGES = 100_000;

    /** The figures, heap in bytes and times in nanoseconds (changes sorted ascending). */
    record Figures(long listBytes, long indexBytes, long indexObjects, long firstLoad, long warmLoad, long[] puts,
            long[] removes) {
    }

    static Figures measure(int size) {
        long emptyObjects = liveObjects();
        long empty = usedHeapAfterGc();
        SubscriptionPopulation population = new SubscriptionPopulation(1);
        SubscriptionIndex index = new SubscriptionIndex();
        long[] loading = load(population, size, index, empty);
        long indexBytes = usedHeapAfterGc() - empty;
        long indexObjects = liveObjects() - emptyObjects;
        if (index.size() != size) {
            throw new IllegalStateException("index holds " + index.size() + " subscriptions, expected " + size);
        }

        long[] puts = new long[CHANGES];
        long[] removes = new long[CHANGES];
        for (int round = 0; round < 4; round++) {
            // The first rounds warm up the JIT; the last is kept.
            List<Subscription> added = new ArrayList<>(CHANGES);
            for (int i = 0; i < CHANGES; i++) {
                Subscription subscription = population.next();
                added.add(subscription);
                puts[i] = timed(() -> index.put(subscription));
            }
            for (int i = 0; i < CHANGES; i++) {
                Subscription subscription = added.get(i);
                removes[i] = timed(() -> index.remove(subscription.id()));
            }
        }
        Arrays.sort(puts);
        Arrays.sort(removes);
        return new Figures(loading[0], indexBytes, indexObjects, loading[1], loading[2], puts, removes);
    }

    /** Loads the index from a fresh population: heap of the list alone, first load time, median reload time. */
    private static long[] load(SubscriptionPopulation population, int size, SubscriptionIndex index, long empty) {
        List<Subscription> loaded = population.subscriptions(size);
        long listBytes = usedHeapAfterGc() - empty;
        long firstLoad = timed(() -> index.replaceAll(loaded));
        long[] reloads = new long[5];
        for (int i = 0; i < reloads.length; i++) {
            reloads[i] = timed(() -> index.replaceAll(loaded));
        }
        Arrays.sort(reloads);
        return new long[] {listBytes, firstLoad, reloads[reloads.length / 2]};
    }

    static long percentile(long[] sorted, double p) {
        int at = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    /**
     * Objects alive in the heap, from the JVM's class histogram (what {@code jcmd <pid> GC.class_histogram} prints,
     * which collects first): the number concurrent marking has to visit.
     */
    private static long liveObjects() {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String total = histogram.lines().filter(line -> line.startsWith("Total")).findFirst().orElseThrow();
            return Long.parseLong(total.trim().split("\\s+")[1]);
        } catch (JMException e) {
            throw new IllegalStateException("the class histogram is not available", e);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
