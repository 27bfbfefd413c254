package no.budstikke.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up alone ({@code ./mvnw -Pbench verify -Dbench.main=no.budstikke.bench.StartupBenchmark}): the packaged hub
 * started once on an empty data directory, then {@code bench.starts} times on that existing directory without and
 * with a class data archive in turn, each until ready, with the hub's CPU seconds and the load average beside every
 * wall-clock figure.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int starts = Integer.getInteger("bench.starts", 5);
        String jvmArgs = System.getProperty("bench.hub-jvm-args", "");
        Path dir = Path.of("target", "bench-startup");
        BenchHub.deleteRecursively(dir);
        java.nio.file.Files.createDirectories(dir);
        Path policy = HubBenchmark.writePolicy(dir);
        BenchTable table = new BenchTable("Budstikke start-up");
        BenchHub hub = new BenchHub(dir, jvmArgs);
        Map<Boolean, List<Double>> walls = new HashMap<>();
        Map<Boolean, List<Double>> cpus = new HashMap<>();
        try {
            table.row("start-up to ready, empty data directory, class data archive", seconds(hub.start(policy, List.of(), true)),
                    "≤ 10 s", cpuAndLoad(hub));
            hub.stop();
            // Alternating, so that both see the same changes in the machine's other load.
            for (boolean classData : new boolean[] {false, true}) {
                walls.put(classData, new ArrayList<>());
                cpus.put(classData, new ArrayList<>());
            }
            for (int i = 1; i <= starts; i++) {
                for (boolean classData : new boolean[] {false, true}) {
                    long wall = hub.start(policy, List.of(), classData);
                    walls.get(classData).add(wall / 1000.0);
                    cpus.get(classData).add(hub.startupCpuSeconds());
                    table.row("start-up to ready, existing data directory, " + label(classData) + ", start " + i, seconds(wall),
                            "≤ 5 s", cpuAndLoad(hub));
                    hub.stop();
                }
            }
            for (boolean classData : new boolean[] {false, true}) {
                table.row("start-up to ready, existing data directory, " + label(classData) + ", median of " + starts,
                        String.format(Locale.ROOT, "%.1f s", median(walls.get(classData))), "≤ 5 s",
                        String.format(Locale.ROOT, "median %.1f s of the hub's CPU", median(cpus.get(classData))));
            }
        } finally {
            hub.stop();
        }
        table.print();
    }

    private static String label(boolean classData) {
        return classData ? "class data archive" : "no archive";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String cpuAndLoad(BenchHub hub) {
        return String.format(Locale.ROOT, "%.1f s of the hub's CPU; load average %.1f", hub.startupCpuSeconds(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
