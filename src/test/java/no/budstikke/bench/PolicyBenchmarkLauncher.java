package no.budstikke.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * The policy decision benchmark ({@code ./mvnw -Pjmh verify -Djmh.bench=policy}): runs {@link PolicyBenchmark} in a
 * JMH fork and prints one table with the percentiles of each decision against the targets — a cached decision
 * ≤ 20 µs, an uncached one ≤ 2 ms at the 99th percentile.
 */
public final class PolicyBenchmarkLauncher {

    private static final double CACHED_TARGET_MICROS = 20;
    private static final double UNCACHED_TARGET_MICROS = 2_000;

    /** The table's rows in reading order: name, what it measures, target (µs at p99, or 0 for none) as written. */
    private record Row(String benchmark, String description, double targetMicros, String target) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("cachedDecision", "a hit in the decision cache", CACHED_TARGET_MICROS, "≤ 20 µs"),
            new Row("uncachedRoleDecision", "role looked up in PostgreSQL, permit", UNCACHED_TARGET_MICROS,
                    "p99 ≤ 2 ms"),
            new Row("uncachedDeniedDecision", "no role for the party, deny", UNCACHED_TARGET_MICROS,
                    "p99 ≤ 2 ms"),
            new Row("uncachedCrowdedPartyDecision", "a party 10 000 people hold roles for, permit",
                    UNCACHED_TARGET_MICROS, "p99 ≤ 2 ms"),
            new Row("uncachedCrowdedPartyDenied", "the same party, asked by someone without a role, deny",
                    UNCACHED_TARGET_MICROS, "p99 ≤ 2 ms"),
            new Row("uncachedPageOf100", "100 parties in one query, per page", 0, ""),
            new Row("roundTripBaseline", "`SELECT ?` through the same pool, no decision", 0, ""));

    public static void main(String[] args) throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Map<String, Statistics> measured = new HashMap<>();
        // -Dpolicy.include=<regex of method names> measures only some of them (e.g. before and after a schema change).
        String methods = System.getProperty("policy.include", "");
        String include = PolicyBenchmark.class.getName() + (methods.isBlank() ? "" : "\\.(" + methods + ")$");
        for (RunResult result : new Runner(new OptionsBuilder().include(include).build()).run()) {
            measured.put(result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    result.getPrimaryResult().getStatistics());
        }

        BenchTable table = new BenchTable(String.format(Locale.ROOT,
                "Policy decisions, an accountant with roles for %,d parties (JMH)", PolicyBenchmark.CLIENTS));
        for (Row row : ROWS) {
            Statistics statistics = measured.get(row.benchmark());
            if (statistics == null) {
                continue;
            }
            double p99 = statistics.getPercentile(99);
            StringBuilder notes = new StringBuilder();
            if (row.targetMicros() > 0) {
                notes.append(p99 <= row.targetMicros() ? "met; " : "**missed**; ");
            }
            if (row.benchmark().equals("uncachedPageOf100")) {
                notes.append(micros(statistics.getPercentile(50) / PolicyBenchmark.PAGE)).append(" per decision at the median; ");
            }
            notes.append(String.format(Locale.ROOT, "p50 %s, p99.9 %s, max %s; %,d samples",
                    micros(statistics.getPercentile(50)), micros(statistics.getPercentile(99.9)),
                    micros(statistics.getMax()), statistics.getN()));
            table.row("`" + row.benchmark() + "`, " + row.description(),
                    row.targetMicros() > 0 ? "**p99 " + micros(p99) + "**" : "p99 " + micros(p99),
                    row.target(), notes.toString());
        }
        table.print();
        // Other work on the machine shows in the tail latencies; this says whether there was any.
        System.out.printf(Locale.ROOT, "%nsystem load average (1 min): %.1f at the start, %.1f at the end%n", loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String micros(double value) {
        if (value >= 1_000) {
            return String.format(Locale.ROOT, "%.2f ms", value / 1_000);
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f µs" : value >= 10 ? "%.1f µs" : "%.2f µs", value);
    }
}
