package no.budstikke.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The delivery benchmark ({@code ./mvnw -Pbench verify -Dbench.main=no.budstikke.bench.DeliveryBenchmark}): the
 * packaged hub pushes to a receiver in this process ({@link BenchReceiver}, on loopback) and the table shows
 *
 * <ul>
 * <li>{@code fanout}: {@code bench.fan-out} whole-resource subscriptions, events published in batches as fast as
 * the deliveries keep up (at most {@code bench.backlog} deliveries outstanding), deliveries per second counted at
 * the receiver;</li>
 * <li>{@code isolation}: the fan-out run again with 10 % of the subscriptions on an endpoint that accepts the
 * connection and never answers, then all-healthy once more (healthy deliveries per second against the mean of the
 * all-healthy runs); then the same subscriptions at a steady {@code bench.isolation-rate} events/s, all healthy and
 * with the hanging ones: the healthy deliveries' p99 publish-to-arrival and how many took over a second;</li>
 * <li>{@code fresh}: a subscription created just before a steady 1 000 events/s (batches of 10 every 10 ms)
 * starts, timed from its first event: what slow start, the gate and waiting cost a new subscriber;</li>
 * <li>{@code latency}: 1 000 events/s, each matching one of 100 subject-filtered subscriptions, time from the start
 * of the publishing POST to the push arriving at the receiver;</li>
 * <li>{@code pdp}: authorization's cost: the fan-out on a second, fresh hub with {@code engine=permit-all}, against
 * the first hub's fan-out (whose consumers each read by a grant, decided through the decision cache).</li>
 * </ul>
 * Settings: bench.warmup, bench.duration (seconds), bench.backlog, bench.hub-jvm-args, bench.delivery-phases
 * (a comma list of the phases above), bench.fan-out, bench.isolation-rate.
 */
public final class DeliveryBenchmark {

    private static final String OWNER = "/org/bench";
    private static final int LATENCY_SUBSCRIPTIONS = 100;
    private static final int MAX_CONSUMERS = 100;

    private final int warmup = Integer.getInteger("bench.warmup", 120);
    private final int duration = Integer.getInteger("bench.duration", 60);
    private final long maxBacklog = Long.getLong("bench.backlog", 20_000);
    private final String hubJvmArgs = System.getProperty("bench.hub-jvm-args", "");
    private final int fanOutSize = Integer.getInteger("bench.fan-out", 10);
    private final int hanging = Math.max(1, fanOutSize / 10);
    private final int isolationRate = Integer.getInteger("bench.isolation-rate", 500);
    private final Set<String> phases = Set.of(System.getProperty("bench.delivery-phases",
            "fanout,isolation,fresh,latency,pdp").split(","));
    private final BenchTable table = new BenchTable("Budstikke delivery benchmark");
    private final LongAdder healthy = new LongAdder();
    /** Publish time and publish-to-arrival time (ns) of each timed delivery. */
    private final ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean recordLatency;
    /** The machine's I/O wait while the phases run, to tell the disk's stalls apart from the hub's own delays. */
    private final DiskWait diskWait = new DiskWait();

    private BenchHub hub;
    private BenchReceiver receiver;
    private String token;

    public static void main(String[] args) throws Exception {
        new DeliveryBenchmark().run();
    }

    private void run() throws Exception {
        Path dir = Path.of("target", "bench-delivery");
        BenchHub.deleteRecursively(dir);
        Files.createDirectories(dir);
        Path policy = dir.resolve("bench-policy.yaml");
        StringBuilder grants = new StringBuilder();
        for (int i = 0; i < MAX_CONSUMERS; i++) {
            grants.append(i == 0 ? "" : ", ").append(consumer(i));
        }
        // The fan-out's consumers are not the owner: each reads the resource by a grant, so every push is decided
        // by the policy (through the decision cache), not waved through as the owner's.
        StringBuilder resources = new StringBuilder("resources:\n");
        for (String resource : List.of("bench-warmup", "bench-fanout", "bench-isolation", "bench-fanout-again",
                "bench-paced", "bench-paced-hanging")) {
            resources.append("  - { id: urn:altinn:resource:").append(resource).append(", owner: /org/bench, readers: [")
                    .append(grants).append("] }\n");
        }
        resources.append("  - { id: urn:altinn:resource:bench-latency, owner: /org/bench }\n");
        resources.append("  - { id: urn:altinn:resource:bench-fresh, owner: /org/bench }\n");
        Files.writeString(policy, resources);
        receiver = new BenchReceiver(this::receive);
        double fanOut = 0;
        try {
            hub = new BenchHub(dir, hubJvmArgs);
            hub.start(policy, List.of());
            token = hub.token(OWNER);
            System.out.printf("Phases %s; fan-out %d (%d hanging in isolation); started %s%n", phases, fanOutSize, hanging,
                    java.time.Instant.now());

            subscribeAll("bench-warmup", fanOutSize, 0);
            System.out.printf("Warming up for %d s (fan-out)…%n", warmup);
            fanOut("bench-warmup", fanOutSize, warmup);

            if (phases.contains("fanout") || phases.contains("isolation") || phases.contains("pdp")) {
                subscribeAll("bench-fanout", fanOutSize, 0);
                fanOut = fanOut("bench-fanout", fanOutSize, duration);
                table.row("fan-out: " + fanOutSize + " subscriptions per event, webhook to a local receiver",
                        format(fanOut) + " deliveries/s", "≥ 20 000/s",
                        "sustained over " + duration + " s, at most " + maxBacklog + " deliveries outstanding");
            }
            if (phases.contains("isolation")) {
                isolation(fanOut);
            }
            if (phases.contains("fresh")) {
                fresh();
            }
            if (phases.contains("latency")) {
                latency();
            }
            table.row("hub resident memory after the run", BenchTable.rss(hub.pid()) + " MiB", "", "");
        } finally {
            if (hub != null) {
                hub.stop();
            }
        }
        try {
            if (phases.contains("pdp")) {
                comparePermitAll(dir, policy, fanOut);
            }
        } finally {
            receiver.close();
            diskWait.close();
        }
        table.print();
    }

    /**
     * Throughput with 10 % of the subscriptions hanging, between two all-healthy runs (the hub slows as its tables
     * grow, so it is compared with their mean); then latency at a steady rate, all healthy and with the hanging ones.
     */
    private void isolation(double fanOut) throws Exception {
        subscribeAll("bench-isolation", fanOutSize, hanging);
        double isolated = fanOut("bench-isolation", fanOutSize - hanging, duration);
        subscribeAll("bench-fanout-again", fanOutSize, 0);
        double again = fanOut("bench-fanout-again", fanOutSize, duration);
        double healthyMean = (fanOut + again) / 2;
        table.row("isolation: " + hanging + " of " + fanOutSize + " subscriptions on an endpoint that never answers",
                format(isolated) + " healthy deliveries/s", "≥ 90 % of fan-out",
                String.format(Locale.ROOT, "%.0f %% of the all-healthy fan-out (mean of %s before and %s after)",
                        100 * isolated / healthyMean, format(fanOut), format(again)));

        subscribeAll("bench-paced", fanOutSize, 0);
        Timed allHealthyTimed = paced("bench-paced", isolationRate, 10, duration);
        subscribeAll("bench-paced-hanging", fanOutSize, hanging);
        Timed withHangingTimed = paced("bench-paced-hanging", isolationRate, 10, duration);
        long[] allHealthy = allHealthyTimed.all();
        long[] withHanging = withHangingTimed.all();
        double p99Healthy = LatencyRecorder.percentileMillis(allHealthy, 99);
        double p99Hanging = LatencyRecorder.percentileMillis(withHanging, 99);
        table.row("isolation at " + isolationRate + " events/s: healthy p99 with " + hanging + " hanging vs. none",
                String.format(Locale.ROOT, "%.2f×", p99Hanging / p99Healthy), "≤ 1.2×, 0 over 1 s",
                "p99 " + ms(withHanging, 99) + " vs. " + ms(allHealthy, 99) + " ms; over 1 s: " + overOneSecond(withHanging)
                        + " of " + withHanging.length + " (all healthy: " + overOneSecond(allHealthy) + " of "
                        + allHealthy.length + "); max " + ms(withHanging, 100) + " vs. " + ms(allHealthy, 100) + " ms; "
                        + outsideStalls(withHangingTimed) + " vs. " + outsideStalls(allHealthyTimed));
    }

    /** A subscription made just now, at a steady 1 000 events/s in batches of 10, timed from its first event. */
    private void fresh() throws Exception {
        subscribe("/fresh/0", "bench-fresh", null);
        awaitActive();
        Timed timed = paced("bench-fresh", 1000, 10, duration);
        long[] sorted = timed.all();
        table.row("fresh subscription, 1 000 events/s in batches of 10 every 10 ms", "p99 " + ms(sorted, 99) + " ms",
                "p99 ≤ 100 ms", "p50 " + ms(sorted, 50) + " ms, p90 " + ms(sorted, 90) + " ms, max " + ms(sorted, 100)
                        + " ms; " + String.format(Locale.ROOT, "%,d deliveries timed", sorted.length) + "; "
                        + outsideStalls(timed));
    }

    /**
     * Publish-to-arrival times (µs, sorted) of a paced run: all of them, and those of the deliveries during which
     * the disk did not stall (no {@link DiskWait#INTERVAL_MILLIS} ms interval with {@link DiskWait#STALL_SHARE} or
     * more I/O wait between publish and arrival). The targets are judged on all; the second shows what is the hub's.
     */
    private record Timed(long[] all, long[] outsideStalls) {
    }

    private static String outsideStalls(Timed timed) {
        return "outside disk stalls p99 " + ms(timed.outsideStalls(), 99) + " ms ("
                + String.format(Locale.ROOT, "%,d", timed.all().length - timed.outsideStalls().length)
                + " deliveries overlapped one)";
    }

    private static long overOneSecond(long[] sortedMicros) {
        return java.util.Arrays.stream(sortedMicros).filter(micros -> micros > 1_000_000).count();
    }

    /** The fan-out again on a fresh hub whose policy permits everything: what authorization costs a fan-out. */
    private void comparePermitAll(Path dir, Path policy, double withPolicy) throws Exception {
        Path fresh = dir.resolve("permit-all");
        Files.createDirectories(fresh);
        hub = new BenchHub(fresh, hubJvmArgs);
        try {
            hub.start(policy, List.of("--budstikke.authorization.engine=permit-all"));
            token = hub.token(OWNER);
            subscribeAll("bench-warmup", fanOutSize, 0);
            System.out.printf("Permit-all hub: warming up for %d s (fan-out)…%n", warmup);
            fanOut("bench-warmup", fanOutSize, warmup);
            subscribeAll("bench-fanout", fanOutSize, 0);
            double permitAll = fanOut("bench-fanout", fanOutSize, duration);
            table.row("fan-out with the built-in policy vs. a permit-all policy", String.format(Locale.ROOT, "%.0f %%",
                    100 * withPolicy / permitAll), "≥ 80 %", format(withPolicy) + " vs. " + format(permitAll)
                    + " deliveries/s, each on a fresh hub after the same warm-up");
        } finally {
            hub.stop();
        }
    }

    // --- the receiver --------------------------------------------------------------------------------------------

    private void receive(String path, byte[] event, long now) {
        healthy.increment();
        if (recordLatency) {
            String json = new String(event, StandardCharsets.UTF_8);
            int at = json.indexOf("\"id\":\"lat-");
            if (at >= 0) {
                // lat-{publish time in ns}-{publisher}-{n}: unique even when two publishers read the same clock.
                String id = json.substring(at + 10, json.indexOf('-', at + 10));
                long published = Long.parseLong(id);
                latencies.add(new long[] {published, now - published});
            }
        }
    }

    // --- the phases ----------------------------------------------------------------------------------------------

    /** Publishes batches while at most maxBacklog deliveries are outstanding; returns healthy deliveries/s. */
    private double fanOut(String resource, int healthyPerEvent, int seconds) throws Exception {
        BacklogPublisher.Run run = new BacklogPublisher(List.of(hub.port()), token, maxBacklog, healthy::sum)
                .run(healthyPerEvent, seconds, () -> {
                    long n = ids.incrementAndGet();
                    // A thousand parties: the decision cache holds a decision per consumer and subject.
                    return event("fan-" + n, resource, "/organisation/" + (910_000_000 + n % 1000));
                });
        System.out.printf("%s: %,d events published, %,d healthy deliveries, %.0f/s%n", resource, run.published(),
                run.delivered(), run.deliveriesPerSecond());
        return run.deliveriesPerSecond();
    }

    /**
     * Publishes {@code rate} events/s in batches of {@code batch} from four publishers on a fixed schedule, waits
     * for every delivery to the healthy subscriptions and returns their publish-to-arrival times (µs), sorted.
     */
    private Timed paced(String resource, int rate, int batch, int seconds) throws Exception {
        int publishers = 4;
        long interval = 1_000_000_000L * batch * publishers / rate;
        int healthyPerEvent = countHealthy(resource);
        latencies.clear();
        recordLatency = true;
        long deliveredBefore = healthy.sum();
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime() + 50_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            threads.add(new Thread(() -> {
                HttpClient client = HttpClient.newHttpClient();
                for (long n = 0; n < (long) seconds * rate / batch / publishers; n++) {
                    long wait = start + n * interval + publisher * (interval / publishers) - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    StringBuilder body = new StringBuilder("[");
                    for (int i = 0; i < batch; i++) {
                        body.append(i == 0 ? "" : ",").append(event("lat-" + System.nanoTime() + "-" + publisher + "-" + n
                                + "x" + i, resource, "/organisation/" + (910_000_000 + (n * batch + i) % 1000)));
                    }
                    try {
                        send(client, body.append(']').toString(), "application/cloudevents-batch+json");
                        sent.addAndGet(batch);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        org.awaitility.Awaitility.await("every paced event delivered").atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> healthy.sum() - deliveredBefore >= sent.get() * healthyPerEvent);
        recordLatency = false;
        long[] sorted = latencies.stream().mapToLong(l -> l[1] / 1000).sorted().toArray();
        long[] calm = latencies.stream().filter(l -> !diskWait.stalledDuring(l[0], l[0] + l[1]))
                .mapToLong(l -> l[1] / 1000).sorted().toArray();
        Timed timed = new Timed(sorted, calm);
        System.out.printf("%s: %,d events at %d/s, %,d deliveries timed, p50 %s p99 %s max %s ms; %s%n", resource,
                sent.get(), rate, sorted.length, ms(sorted, 50), ms(sorted, 99), ms(sorted, 100), outsideStalls(timed));
        printWorstSeconds(resource, start);
        return timed;
    }

    /**
     * Where in the run the tail is: the five seconds (by publish time) with the slowest deliveries, so a tail at the
     * start (a cold path) tells itself apart from one spread over the run (pauses) or at fixed intervals (timers).
     */
    private void printWorstSeconds(String resource, long start) {
        java.util.TreeMap<Long, List<Long>> bySecond = new java.util.TreeMap<>();
        for (long[] timed : latencies) {
            bySecond.computeIfAbsent(Math.max(0, timed[0] - start) / 1_000_000_000L, k -> new ArrayList<>()).add(timed[1] / 1000);
        }
        StringBuilder worst = new StringBuilder();
        bySecond.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue().stream().mapToLong(Long::longValue).sorted().toArray()))
                .sorted((a, b) -> Long.compare(b.getValue()[b.getValue().length - 1], a.getValue()[a.getValue().length - 1]))
                .limit(5)
                .forEach(e -> worst.append(String.format(Locale.ROOT, " [second %d: p50 %s p99 %s max %s ms, I/O wait up to %.0f %%]",
                        e.getKey(), ms(e.getValue(), 50), ms(e.getValue(), 99), ms(e.getValue(), 100),
                        100 * diskWait.maxShare(start + e.getKey() * 1_000_000_000L, start + (e.getKey() + 1) * 1_000_000_000L))));
        LocalTime secondZero = LocalTime.now(ZoneOffset.UTC)
                .minusNanos(System.nanoTime() - start).withNano(0);
        System.out.printf("%s: slowest seconds of the run (second 0 at %s UTC):%s%n", resource, secondZero, worst);
    }

    /** Healthy subscriptions made by {@link #subscribeAll} or {@link #fresh} for the resource. */
    private int countHealthy(String resource) {
        return resource.equals("bench-fresh") ? 1 : resource.endsWith("-hanging") ? fanOutSize - hanging : fanOutSize;
    }

    /** 1 000 events/s from 10 publishers, each event matching one subscription; publish-to-delivery latency. */
    private void latency() throws Exception {
        for (int i = 0; i < LATENCY_SUBSCRIPTIONS; i++) {
            subscribe("/latency/" + i, "bench-latency", "/organisation/" + (900_000_000 + i));
        }
        awaitActive();
        int publishers = 10;
        int perPublisher = 100;
        List<Thread> threads = new ArrayList<>();
        AtomicLong sent = new AtomicLong();
        for (int round = 0; round < 2; round++) {
            boolean measured = round == 1;
            int seconds = measured ? duration : 20;
            recordLatency = measured;
            latencies.clear();
            sent.set(0);
            long deliveredBefore = healthy.sum();
            threads.clear();
            long start = System.nanoTime();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                threads.add(new Thread(() -> {
                    HttpClient client = HttpClient.newHttpClient();
                    long interval = 1_000_000_000L / perPublisher;
                    for (long n = 0; n < (long) seconds * perPublisher; n++) {
                        long due = start + n * interval + publisher * (interval / publishers);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        String subject = "/organisation/" + (900_000_000 + (int) ((n * publishers + publisher) % LATENCY_SUBSCRIPTIONS));
                        try {
                            send(client, event("lat-" + System.nanoTime() + "-" + publisher + "-" + n, "bench-latency", subject), "application/cloudevents+json");
                            sent.incrementAndGet();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            org.awaitility.Awaitility.await("every latency event delivered").atMost(java.time.Duration.ofSeconds(30))
                    .pollInterval(java.time.Duration.ofMillis(50)).until(() -> healthy.sum() - deliveredBefore >= sent.get());
            if (measured) {
                long[] sorted = latencies.stream().mapToLong(l -> l[1] / 1000).sorted().toArray();
                double rate = (double) sent.get() / seconds;
                table.row("publish-to-delivery latency, 1 000 events/s, one matching subscription each",
                        "p90 " + ms(sorted, 90) + " ms", "p90 ≤ 100 ms",
                        "p50 " + ms(sorted, 50) + " ms, p99 " + ms(sorted, 99) + " ms, max " + ms(sorted, 100) + " ms; "
                                + String.format(Locale.ROOT, "%,d deliveries timed, %.0f events/s offered", sorted.length, rate));
            }
        }
        recordLatency = false;
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** One whole-resource subscription for each of {@code count} consumers, the first {@code hanging} never answered. */
    private void subscribeAll(String resource, int count, int hanging) throws Exception {
        for (int i = 0; i < count; i++) {
            subscribe(hub.token(consumer(i)), (i < hanging ? "/hang/" : "/ok/") + resource + "/" + i, resource, null);
        }
        for (int i = 0; i < count; i++) {
            awaitActive(hub.token(consumer(i)));
        }
    }

    private static String consumer(int i) {
        return "/org/bench-c" + i;
    }

    private void subscribe(String path, String resource, String subject) throws Exception {
        subscribe(token, path, resource, subject);
    }

    private void subscribe(String token, String path, String resource, String subject) throws Exception {
        String body = "{\"endPoint\":\"http://127.0.0.1:" + receiver.port() + path
                + "\",\"resourceFilter\":\"urn:altinn:resource:" + resource + "\""
                + (subject == null ? "" : ",\"subjectFilter\":\"" + subject + "\"") + "}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.port() + "/events/api/v1/subscriptions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("subscribing failed: " + response.statusCode() + " " + response.body());
        }
    }

    private void awaitActive() throws Exception {
        awaitActive(token);
    }

    private void awaitActive(String token) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        org.awaitility.Awaitility.await("subscriptions active").atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(250)).until(() -> {
                    String list = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
                                    + "/events/api/v1/subscriptions")).header("Authorization", "Bearer " + token).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    return !list.contains("pending-validation");
                });
    }

    private void send(HttpClient client, String body, String contentType) throws Exception {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.port() + "/events/api/v1/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("publishing failed: " + response.statusCode());
        }
    }

    private static String event(String id, String resource, String subject) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"urn:bench:delivery\","
                + "\"type\":\"no.budstikke.bench.delivered\",\"resource\":\"urn:altinn:resource:" + resource + "\""
                + (subject == null ? "" : ",\"subject\":\"" + subject + "\"")
                + ",\"time\":\"2026-11-29T10:00:00Z\",\"data\":{\"amount\":1234.50,\"note\":\"delivery benchmark\"}}";
    }

    private static String ms(long[] sortedMicros, double percentile) {
        return String.format(Locale.ROOT, "%.1f", LatencyRecorder.percentileMillis(sortedMicros, percentile));
    }

    private static String format(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }

}
