package no.budstikke.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * The subscription index benchmark ({@code ./mvnw -Pjmh verify}): measures load time, heap and put/remove latency
 * in this JVM ({@link IndexFootprint}), runs the JMH match benchmark in a fork ({@link IndexBenchmark}), and prints
 * one table. Settings are system properties: index.subscriptions (default 1 000 000), index.jmh (default true;
 * false measures only the footprint).
 */
public final class IndexBenchmarkLauncher {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    public static void main(String[] args) throws Exception {
        int size = Integer.getInteger("index.subscriptions", 1_000_000);
        System.out.printf(Locale.ROOT, "Loading %,d subscriptions: load time, heap, put/remove…%n", size);
        IndexFootprint.Figures footprint = IndexFootprint.measure(size);

        // -Dindex.jmh=false: only the footprint, a minute instead of six.
        Collection<RunResult> results = Boolean.parseBoolean(System.getProperty("index.jmh", "true"))
                ? new Runner(new OptionsBuilder()
                        .include(IndexBenchmark.class.getName())
                        .param("subscriptions", Integer.toString(size))
                        .build()).run()
                : List.of();

        System.out.printf(Locale.ROOT, "%nSubscription index, %,d active subscriptions (%d CPUs, Java %s)%n%n", size,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| measurement | p50 | p90 | p99 | p99.9 | max |");
        System.out.println("|---|---|---|---|---|---|");
        for (RunResult result : results) {
            Statistics statistics = result.getPrimaryResult().getStatistics();
            StringBuilder row = new StringBuilder("| " + result.getParams().getBenchmark().replaceAll(".*\\.", "")
                    + " (JMH, " + statistics.getN() + " samples) |");
            for (double p : PERCENTILES) {
                row.append(String.format(Locale.ROOT, " %.2f µs |", statistics.getPercentile(p)));
            }
            System.out.println(row.append(String.format(Locale.ROOT, " %.2f µs |", statistics.getMax())));
        }
        System.out.println(changeRow("put (new subscription)", footprint.puts()));
        System.out.println(changeRow("remove", footprint.removes()));
        System.out.printf(Locale.ROOT, "%nreplaceAll: first (cold JIT) %.0f ms, median of 5 reloads %.0f ms%n",
                footprint.firstLoad() / 1e6, footprint.warmLoad() / 1e6);
        System.out.printf(Locale.ROOT, "heap kept by the index: %.0f MiB (the loaded list as the store returns it: %.0f MiB)%n",
                footprint.indexBytes() / 1048576.0, footprint.listBytes() / 1048576.0);
        System.out.printf(Locale.ROOT, "objects kept by the index: %,d%n", footprint.indexObjects());
        // Other work on the machine shows in the tail latencies; this says whether there was any.
        System.out.printf(Locale.ROOT, "system load average (1 min) at the end: %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String changeRow(String name, long[] sorted) {
        StringBuilder row = new StringBuilder("| " + name + " (timer, " + sorted.length + " calls) |");
        for (double p : PERCENTILES) {
            row.append(String.format(Locale.ROOT, " %.2f µs |", IndexFootprint.percentile(sorted, p) / 1000.0));
        }
        return row.append(String.format(Locale.ROOT, " %.2f µs |", sorted[sorted.length - 1] / 1000.0)).toString();
    }
}
