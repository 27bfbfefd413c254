package no.budstikke.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The delivery benchmark ({@code ./mvnw -Pbench verify -Dbench.main=no.budstikke.bench.DeliveryBenchmark}): the
 * packaged hub pushes to a receiver in this process ({@link BenchReceiver}, on loopback) and the table shows
 *
 * <ul>
 * <li>fan-out: 20 whole-resource subscriptions, events published in batches as fast as the deliveries keep up
 * (at most {@code bench.backlog} deliveries outstanding), deliveries per second counted at the receiver;</li>
 * <li>latency: 1 000 events/s, each matching one of 100 subject-filtered subscriptions, time from the start of the
 * publishing POST to the push arriving at the receiver;</li>
 * <li>isolation: the fan-out run again with 2 of the 20 subscriptions (10 %) on an endpoint that accepts the
 * connection and never answers, then all-healthy once more; the healthy deliveries per second against the mean
 * of the all-healthy runs before and after;</li>
 * <li>authorization's cost: the fan-out on a second, fresh hub with {@code engine=permit-all}, against the first
 * hub's fan-out (whose consumers each read by a grant, decided through the decision cache).</li>
 * </ul>
 * Settings: bench.warmup, bench.duration (seconds), bench.backlog, bench.hub-jvm-args, bench.compare-pdp.
 */
public final class DeliveryBenchmark {

    private static final String OWNER = "/org/bench";
    private static final int FAN_OUT = 20;
    private static final int HANGING = 2;
    private static final int LATENCY_SUBSCRIPTIONS = 100;

    private final int warmup = Integer.getInteger("bench.warmup", 120);
    private final int duration = Integer.getInteger("bench.duration", 60);
    private final long maxBacklog = Long.getLong("bench.backlog", 20_000);
    private final String hubJvmArgs = System.getProperty("bench.hub-jvm-args", "");
    private final BenchTable table = new BenchTable("Budstikke delivery benchmark");
    private final LongAdder healthy = new LongAdder();
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean recordLatency;

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
        for (int i = 0; i < FAN_OUT; i++) {
            grants.append(i == 0 ? "" : ", ").append(consumer(i));
        }
        // The fan-out's consumers are not the owner: each reads the resource by a grant, so every push is decided
        // by the policy (through the decision cache), not waved through as the owner's.
        Files.writeString(policy, """
                resources:
                  - { id: urn:altinn:resource:bench-warmup, owner: /org/bench, readers: [%1$s] }
                  - { id: urn:altinn:resource:bench-fanout, owner: /org/bench, readers: [%1$s] }
                  - { id: urn:altinn:resource:bench-isolation, owner: /org/bench, readers: [%1$s] }
                  - { id: urn:altinn:resource:bench-fanout-again, owner: /org/bench, readers: [%1$s] }
                  - { id: urn:altinn:resource:bench-latency, owner: /org/bench }
                """.formatted(grants));
        receiver = new BenchReceiver(this::receive);
        double fanOut;
        try {
            hub = new BenchHub(dir, hubJvmArgs);
            hub.start(policy, List.of());
            token = hub.token(OWNER);

            subscribeAll("bench-warmup", FAN_OUT, 0);
            System.out.printf("Warming up for %d s (fan-out)…%n", warmup);
            fanOut("bench-warmup", FAN_OUT, warmup);

            subscribeAll("bench-fanout", FAN_OUT, 0);
            fanOut = fanOut("bench-fanout", FAN_OUT, duration);
            table.row("fan-out: " + FAN_OUT + " subscriptions per event, webhook to a local receiver", format(fanOut) + " deliveries/s",
                    "≥ 5 000/s", "sustained over " + duration + " s, at most " + maxBacklog + " deliveries outstanding");

            // Isolation between two all-healthy runs: the hub slows as its tables grow, so the phase is compared
            // with the mean of the runs before and after it rather than with the earlier one alone.
            subscribeAll("bench-isolation", FAN_OUT, HANGING);
            double isolated = fanOut("bench-isolation", FAN_OUT - HANGING, duration);
            subscribeAll("bench-fanout-again", FAN_OUT, 0);
            double again = fanOut("bench-fanout-again", FAN_OUT, duration);
            double healthyMean = (fanOut + again) / 2;
            table.row("isolation: " + HANGING + " of " + FAN_OUT + " subscriptions on an endpoint that never answers",
                    format(isolated) + " healthy deliveries/s", "≥ 90 % of fan-out",
                    String.format(Locale.ROOT, "%.0f %% of the all-healthy fan-out (mean of %s before and %s after)",
                            100 * isolated / healthyMean, format(fanOut), format(again)));

            latency();
            table.row("hub resident memory after the run", BenchTable.rss(hub.pid()) + " MiB", "", "");
        } finally {
            if (hub != null) {
                hub.stop();
            }
        }
        try {
            if (Boolean.parseBoolean(System.getProperty("bench.compare-pdp", "true"))) {
                comparePermitAll(dir, policy, fanOut);
            }
        } finally {
            receiver.close();
        }
        table.print();
    }

    /** The fan-out again on a fresh hub whose policy permits everything: what authorization costs a fan-out. */
    private void comparePermitAll(Path dir, Path policy, double withPolicy) throws Exception {
        Path fresh = dir.resolve("permit-all");
        Files.createDirectories(fresh);
        hub = new BenchHub(fresh, hubJvmArgs);
        try {
            hub.start(policy, List.of("--budstikke.authorization.engine=permit-all"));
            token = hub.token(OWNER);
            subscribeAll("bench-warmup", FAN_OUT, 0);
            System.out.printf("Permit-all hub: warming up for %d s (fan-out)…%n", warmup);
            fanOut("bench-warmup", FAN_OUT, warmup);
            subscribeAll("bench-fanout", FAN_OUT, 0);
            double permitAll = fanOut("bench-fanout", FAN_OUT, duration);
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
                latencies.add(now - Long.parseLong(id));
            }
        }
    }

    // --- the phases ----------------------------------------------------------------------------------------------

    /** Publishes batches while at most maxBacklog deliveries are outstanding; returns healthy deliveries/s. */
    private double fanOut(String resource, int healthyPerEvent, int seconds) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long published = 0;
        long base = healthy.sum();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long began = System.nanoTime();
        while (System.nanoTime() < end) {
            if (published * healthyPerEvent - (healthy.sum() - base) > maxBacklog) {
                Thread.sleep(5);
                continue;
            }
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 50; i++) {
                long n = ids.incrementAndGet();
                // A thousand parties: the decision cache holds a decision per consumer and subject.
                batch.append(i == 0 ? "" : ",").append(event("fan-" + n, resource, "/organisation/" + (910_000_000 + n % 1000)));
            }
            send(client, batch.append(']').toString(), "application/cloudevents-batch+json");
            published += 50;
        }
        long delivered = healthy.sum() - base;
        double rate = delivered / ((System.nanoTime() - began) / 1e9);
        System.out.printf("%s: %,d events published, %,d healthy deliveries, %.0f/s%n", resource, published, delivered, rate);
        // Let the backlog drain before the next phase.
        long target = published * healthyPerEvent;
        org.awaitility.Awaitility.await("the backlog drained").atMost(java.time.Duration.ofMinutes(2))
                .pollInterval(java.time.Duration.ofMillis(100)).until(() -> healthy.sum() - base >= target);
        return rate;
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
                long[] sorted = latencies.stream().mapToLong(l -> l / 1000).sorted().toArray();
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
