package no.budstikke.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import no.budstikke.support.ArtemisBroker;
import no.budstikke.support.ClusterDeployment;
import no.budstikke.support.FreePorts;
import no.budstikke.support.HubProcesses;
import no.budstikke.support.TestIssuer;

/**
 * The cluster benchmark ({@code ./mvnw -Pbench,cluster verify -Dbench.main=no.budstikke.bench.ClusterBenchmark}):
 * the deployment of the cluster suite — a PostgreSQL server no node manages, two Artemis brokers of the official
 * distribution in a symmetric cluster, hub nodes as processes of their own — run with 1, 2 and 3 nodes in turn
 * ({@code bench.nodes}). For each: single-event POSTs from {@code bench.connections} keep-alive connections spread
 * evenly over the nodes (events/s, latency), then a fan-out to 10 webhook subscriptions with batches published
 * round-robin to the nodes (deliveries/s at a receiver in this process). It reports the CPU each kind of process used
 * while it measured, and what the cross-node commit order costs: group commits per second and how many database
 * sessions were waiting for the commit lock, sampled from {@code pg_stat_activity}.
 */
public final class ClusterBenchmark {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final String OWNER = "/org/test";
    private static final int FAN_OUT = 10;
    /** Single events match no subscription, so the ingest phase measures ingest alone. */
    private static final String SINGLE_SOURCE = "urn:budstikke:bench-cluster:single";
    private static final String FAN_OUT_SOURCE = "urn:budstikke:bench-cluster:fan-out";
    private static final long MAX_BACKLOG = 20_000;

    private final int warmup = Integer.getInteger("bench.warmup", 60);
    private final int duration = Integer.getInteger("bench.duration", 30);
    private final int connections = Integer.getInteger("bench.connections", 64);
    private final List<Integer> nodeCounts = parse(System.getProperty("bench.nodes", "1,2,3"));
    private final String hubJvmArgs = System.getProperty("bench.hub-jvm-args", "");
    private final BenchTable table = new BenchTable("Budstikke cluster benchmark");
    private final LongAdder delivered = new LongAdder();
    private final AtomicLong ids = new AtomicLong();
    private final String password = "bench-" + System.nanoTime();

    private ClusterDeployment cluster;
    private EmbeddedPostgres postgres;
    private Path postgresData;
    private final List<ArtemisBroker> brokers = new ArrayList<>();
    private TestIssuer issuer;
    private BenchReceiver receiver;
    private String token;

    public static void main(String[] args) throws Exception {
        new ClusterBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path logs = Path.of("target", "bench-cluster");
        BenchHub.deleteRecursively(logs);
        Files.createDirectories(logs);
        Path work = Files.createTempDirectory("budstikke-bench-cluster-");
        try (ClusterDeployment deployment = ClusterDeployment.start(work, logs, password, "bench.reader", 300);
             TestIssuer tokens = new TestIssuer();
             BenchReceiver pushes = new BenchReceiver((path, body, now) -> delivered.increment())) {
            cluster = deployment;
            postgres = deployment.postgres();
            postgresData = deployment.postgresData();
            brokers.addAll(deployment.brokers());
            issuer = tokens;
            token = tokens.token(OWNER);
            receiver = pushes;
            System.out.printf("Cluster benchmark: nodes %s, %d connections, warm-up %d s, %d s measured, started %s%n",
                    nodeCounts, connections, warmup, duration, java.time.Instant.now());
            for (int n : nodeCounts) {
                measure(n, work, logs);
            }
        }
        table.print();
    }

    private void measure(int n, Path work, Path logs) throws Exception {
        HubProcesses hubs = new HubProcesses(work.resolve("hub-data-" + n));
        List<Process> nodes = new ArrayList<>();
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                ports[i] = FreePorts.take();
                nodes.add(hubs.start(jvm(), ports[i], FreePorts.take(), logs.resolve(n + "-node-" + i + ".log"),
                        nodeArguments(n, i)));
            }
            for (int i = 0; i < n; i++) {
                HubProcesses.awaitReady(nodes.get(i), ports[i], logs.resolve(n + "-node-" + i + ".log"));
            }
            List<String> subscriptions = subscribe(ports[0], "n" + n);
            System.out.printf("%d node(s) up; warming up for %d s%n", n, warmup);
            singleEvents(ports, warmup / 2, null);
            fanOut(ports, "n" + n, warmup / 2, null);

            CpuSplit cpu = new CpuSplit(nodes);
            LockSampler locks = new LockSampler();
            long commitsBefore = commits(ports);
            Load single = singleEvents(ports, duration, cpu);
            long commitsAfter = commits(ports);
            double lockWaiting = locks.stop();
            table.row(n + " node(s): single-event POST, " + connections + " connections", single.rate() + " events/s",
                    "", "p50 " + single.p(50) + " ms, p99 " + single.p(99) + " ms; " + String.format(Locale.ROOT,
                            "%.0f group commits/s, %.1f sessions waiting for the commit lock on average",
                            (commitsAfter - commitsBefore) / (double) duration, lockWaiting) + "; CPU " + cpu.report());
            CpuSplit fanCpu = new CpuSplit(nodes);
            double fan = fanOut(ports, "n" + n, duration, fanCpu);
            table.row(n + " node(s): fan-out to " + FAN_OUT + " webhook subscriptions", format(fan) + " deliveries/s", "",
                    "CPU " + fanCpu.report());
            deleteSubscriptions(ports[0], subscriptions);
        } finally {
            hubs.stopAll();
        }
    }

    private List<String> jvm() {
        List<String> options = new ArrayList<>(List.of("-Xmx1g"));
        if (!hubJvmArgs.isBlank()) {
            options.addAll(List.of(hubJvmArgs.trim().split("\\s+")));
        }
        return options;
    }

    private String[] nodeArguments(int n, int i) {
        List<String> settings = new ArrayList<>(cluster.nodeSettings(i, "postgres", issuer));
        settings.add("--spring.datasource.hikari.maximum-pool-size=" + Math.max(8, 30 / n));
        settings.add("--budstikke.broker.ingress=false");
        settings.add("--server.tomcat.threads.max=" + Math.max(32, connections / n + 8));
        return settings.toArray(String[]::new);
    }

    // --- load ----------------------------------------------------------------------------------------------------

    /** Closed-loop single-event POSTs, connection c to node c mod n; null cpu for a warm-up. */
    private Load singleEvents(int[] ports, int seconds, CpuSplit cpu) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<LatencyRecorder> recorders = new ArrayList<>();
        LongAdder total = new LongAdder();
        AtomicBoolean failed = new AtomicBoolean();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int c = 0; c < connections; c++) {
            int port = ports[c % ports.length];
            LatencyRecorder latency = new LatencyRecorder();
            recorders.add(latency);
            threads.add(new Thread(() -> {
                try (RawHttpConnection connection = new RawHttpConnection("127.0.0.1", port)) {
                    while (System.nanoTime() < end) {
                        byte[] body = event("single-" + ids.incrementAndGet(), SINGLE_SOURCE, "/organisation/974760673")
                                .getBytes(StandardCharsets.UTF_8);
                        long start = System.nanoTime();
                        int status = connection.exchange("POST", "/events/api/v1/events", token,
                                "application/cloudevents+json", body, false).status();
                        latency.record(System.nanoTime() - start);
                        if (status != 201) {
                            throw new IllegalStateException("publish answered " + status);
                        }
                        total.increment();
                    }
                } catch (IOException | RuntimeException e) {
                    failed.set(true);
                    e.printStackTrace();
                }
            }));
        }
        long began = System.nanoTime();
        if (cpu != null) {
            cpu.start();
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        if (cpu != null) {
            cpu.stop();
        }
        if (failed.get()) {
            throw new IllegalStateException("a publisher failed; see above");
        }
        return new Load(total.sum() / ((System.nanoTime() - began) / 1e9), LatencyRecorder.merged(recorders));
    }

    /** Batches of 50 to the nodes in turn while at most MAX_BACKLOG deliveries are owed; deliveries/s. */
    private double fanOut(int[] ports, String tag, int seconds, CpuSplit cpu) throws Exception {
        BacklogPublisher publisher = new BacklogPublisher(Arrays.stream(ports).boxed().toList(), token,
                MAX_BACKLOG, delivered::sum);
        if (cpu != null) {
            cpu.start();
        }
        return publisher.run(FAN_OUT, seconds, () -> {
            long id = ids.incrementAndGet();
            return event("fan-" + tag + "-" + id, FAN_OUT_SOURCE, "/organisation/" + (910_000_000 + id % 1000));
        }, () -> {
            if (cpu != null) {
                cpu.stop();
            }
        }).deliveriesPerSecond();
    }

    private List<String> subscribe(int port, String tag) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < FAN_OUT; i++) {
            String body = "{\"endPoint\":\"http://127.0.0.1:" + receiver.port() + "/" + tag + "/" + i
                    + "\",\"resourceFilter\":\"" + RESOURCE + "\",\"sourceFilter\":\"" + FAN_OUT_SOURCE + "\"}";
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/events/api/v1/subscriptions"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("subscribe answered " + created.statusCode() + ": " + created.body());
            }
            String json = created.body();
            int at = json.indexOf("\"id\":");
            ids.add(json.substring(at + 5, json.indexOf(',', at)).replace("\"", "").trim());
        }
        org.awaitility.Awaitility.await("subscriptions active").atMost(Duration.ofSeconds(60)).until(() ->
                !client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/api/v1/subscriptions"))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .body().contains("pending-validation"));
        return ids;
    }

    private void deleteSubscriptions(int port, List<String> subscriptions) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String id : subscriptions) {
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/api/v1/subscriptions/" + id))
                    .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    /** Group commits so far over the nodes, from their Prometheus endpoint (the commit-size summary's count). */
    private static long commits(int[] ports) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long sum = 0;
        for (int port : ports) {
            String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prometheus"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith(COMMIT_COUNT)) {
                    sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    private static final String COMMIT_COUNT = System.getProperty("bench.commit-metric", "budstikke_commit_batch_size_count");

    private static String event(String id, String source, String subject) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source + "\","
                + "\"type\":\"no.budstikke.bench.cluster\",\"resource\":\"" + RESOURCE + "\",\"subject\":\"" + subject
                + "\",\"time\":\"2026-11-30T12:00:00Z\",\"data\":{\"n\":1}}";
    }

    private static List<Integer> parse(String list) {
        List<Integer> counts = new ArrayList<>();
        for (String part : list.split(",")) {
            counts.add(Integer.parseInt(part.trim()));
        }
        return counts;
    }

    private static String format(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }

    private record Load(double perSecond, long[] latencies) {

        String rate() {
            return format(perSecond);
        }

        String p(double percentile) {
            return String.format(Locale.ROOT, "%.1f", LatencyRecorder.percentileMillis(latencies, percentile));
        }
    }

    /** Sessions waiting for the advisory lock that orders commits, sampled every 50 ms while a load runs. */
    private final class LockSampler {

        private final AtomicLong samples = new AtomicLong();
        private final AtomicLong waiting = new AtomicLong();
        private final SqlSampler sampler;

        LockSampler() throws SQLException {
            sampler = new SqlSampler(cluster.jdbcUrl("postgres") + "?user=postgres", "SELECT count(*) FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'", Duration.ofMillis(50), sessions -> {
                        waiting.addAndGet(sessions);
                        samples.incrementAndGet();
                    });
        }

        /** The mean number of sessions waiting over the samples taken. */
        double stop() throws SQLException, InterruptedException {
            sampler.close();
            return samples.get() == 0 ? 0 : waiting.get() / (double) samples.get();
        }
    }

    /** CPU seconds used by the hub nodes, the brokers, PostgreSQL and this process between start and stop. */
    private final class CpuSplit {

        private final List<Process> nodes;
        private final Map<String, Long> before = new LinkedHashMap<>();
        private final Map<String, Long> used = new LinkedHashMap<>();
        private long began;
        private long seconds;

        CpuSplit(List<Process> nodes) {
            this.nodes = nodes;
        }

        void start() {
            began = System.nanoTime();
            before.putAll(sample());
        }

        void stop() {
            seconds = System.nanoTime() - began;
            sample().forEach((kind, ticks) -> used.put(kind, ticks - before.getOrDefault(kind, 0L)));
        }

        String report() {
            double wall = seconds / 1e9;
            StringBuilder out = new StringBuilder();
            used.forEach((kind, ticks) -> out.append(out.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.2f", kind, ticks / 100.0 / wall)));
            return out.append(" cores").toString();
        }

        private Map<String, Long> sample() {
            Map<String, Long> ticks = new LinkedHashMap<>();
            for (Process node : nodes) {
                ticks.merge("hub nodes", tree(node.toHandle()), Long::sum);
            }
            for (ArtemisBroker broker : brokers) {
                ticks.merge("brokers", broker.process().map(this::tree).orElse(0L), Long::sum);
            }
            ticks.put("PostgreSQL", postgresTicks());
            ticks.put("load generator", ticksOf(ProcessHandle.current().pid()));
            return ticks;
        }

        private long tree(ProcessHandle process) {
            long sum = ticksOf(process.pid());
            for (ProcessHandle child : process.descendants().toList()) {
                sum += ticksOf(child.pid());
            }
            return sum;
        }

        /** The server's postmaster (from its pid file) and every backend it forked. */
        private long postgresTicks() {
            try {
                String pid = Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).trim();
                return ProcessHandle.of(Long.parseLong(pid)).map(this::tree).orElse(0L);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /** User + system CPU of a process in clock ticks (1/100 s), from /proc. */
    static long ticksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
