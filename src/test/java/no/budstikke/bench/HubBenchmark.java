package no.budstikke.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's benchmark ({@code ./mvnw -Pbench verify}): starts the packaged hub on its embedded defaults in a
 * fresh data directory, drives it over HTTP on loopback and prints a table of throughput and latency.
 *
 * <p>Phases: warm-up; single-event POSTs, then PostgreSQL alone doing one INSERT + commit per event on the same
 * server as their baseline; batches of 100, then COPY of 100 rows per transaction as theirs; bulk-load to {@code bench.events} stored events; filtered queries, first
 * closed-loop at saturation, then open-loop at a steady rate. Settings are system properties: bench.warmup,
 * bench.query-warmup, bench.duration (seconds), bench.connections, bench.readers, bench.query-rate, bench.events,
 * bench.phases, bench.keep-data, bench.hub-jvm-args.
 */
public final class HubBenchmark {

    static final int RESOURCES = 4;
    private static final int SUBJECTS = 100_000;
    /** Subjects of the bulk-loaded events: at 10 million events, 100 per (resource, subject), so pages of 50 are full. */
    private static final int LOADED_SUBJECTS = 25_000;

    private final int warmup = Integer.getInteger("bench.warmup", 180);
    private final int duration = Integer.getInteger("bench.duration", 30);
    private final int connections = Integer.getInteger("bench.connections", 64);
    private final int readers = Integer.getInteger("bench.readers", 32);
    /** Pages per second of the open-loop query phase. */
    private final int queryRate = Integer.getInteger("bench.query-rate", 500);
    private final long targetEvents = Long.getLong("bench.events", 10_000_000L);
    /** Extra JVM options for the hub, e.g. a profiler agent: -Dbench.hub-jvm-args="-agentpath:…". */
    private final String hubJvmArgs = System.getProperty("bench.hub-jvm-args", "");
    /** Which phases to run after start-up and warm-up: any of single,insert,batch,copy,subscribers,analytics,query. */
    private final List<String> phases = List.of(System.getProperty("bench.phases", "single,insert,batch,copy,query").split(","));
    private final BenchTable table = new BenchTable("Budstikke benchmark");

    private BenchHub hub;
    private int port;
    private int pgPort;
    private String token;

    public static void main(String[] args) throws Exception {
        new HubBenchmark().run();
    }

    private void run() throws Exception {
        Path dir = Path.of("target", "bench");
        if (!Boolean.getBoolean("bench.keep-data")) {
            BenchHub.deleteRecursively(dir);
        }
        boolean kept = Files.exists(dir.resolve("data"));
        Files.createDirectories(dir);
        Path policy = writePolicy(dir);
        try {
            hub = new BenchHub(dir, hubJvmArgs);
            String sharedBuffers = System.getProperty("bench.shared-buffers", "");
            long startup = hub.start(policy, sharedBuffers.isBlank() ? List.of()
                    // e.g. 8GB to hold the whole 10-million-event store in PostgreSQL's buffers (it made no difference)
                    : List.of("--budstikke.embedded.postgres.shared-buffers=" + sharedBuffers));
            port = hub.port();
            pgPort = hub.pgPort();
            table.row("start-up to ready, " + (kept ? "kept" : "empty") + " data directory",
                    String.format(Locale.ROOT, "%.1f s", startup / 1000.0), kept ? "≤ 5 s" : "≤ 10 s",
                    String.format(Locale.ROOT, "%.1f s of the hub's CPU; %s", hub.startupCpuSeconds(), loadAverage()));
            token = hub.token("/org/bench");
            System.out.printf("Warming up for %d s with %d connections…%n", warmup, connections);
            singleEvents(warmup, "warm-up");
            Load single = null;
            Load batch = null;
            if (phases.contains("single")) {
                single = singleEvents(duration, "single");
                table.row("single-event POST, " + connections + " connections", single.rate() + " events/s",
                        "≥ 1.0× INSERT baseline, p99 ≤ 25 ms",
                        "p50 " + single.p(50) + " ms, p99 " + single.p(99) + " ms; " + loadAverage());
            }
            if (phases.contains("insert") || phases.contains("copy")) {
                try (NativeBaseline baseline = new NativeBaseline(pgPort)) {
                    if (phases.contains("insert")) {
                        insertBaseline(baseline, single);
                    }
                    if (phases.contains("batch")) {
                        batch = batchRow();
                    }
                    if (phases.contains("copy")) {
                        copyBaseline(baseline, batch);
                    }
                }
            } else if (phases.contains("batch")) {
                batchRow();
            }
            if (phases.contains("subscribers") && single != null) {
                Load withSubscribers = withMillionSubscribers(dir, policy);
                table.row("single-event POST with " + String.format(Locale.ROOT, "%,d", SUBSCRIBERS) + " active subscriptions",
                        withSubscribers.rate() + " events/s", "≥ 80 % of the rate with none",
                        String.format(Locale.ROOT, "%.0f %% of %s/s; p99 %s ms", 100 * withSubscribers.perSecond / single.perSecond,
                                single.rate(), withSubscribers.p(99)));
            }
            if (phases.contains("analytics")) {
                analytics(policy);
            }
            if (phases.contains("query")) {
                long stored = bulkLoad(pgPort, targetEvents);
                String events = String.format(Locale.ROOT, "%,d", stored);
                drive(readers, Integer.getInteger("bench.query-warmup", 60), this::closedLoopQuery);
                Load saturated = drive(readers, duration, this::closedLoopQuery);
                table.row("GET /events (resource+subject, pages of 50) at saturation, " + readers + " readers, " + events
                        + " events stored", saturated.rate() + " pages/s", "≥ 2 000 pages/s",
                        "p50 " + saturated.p(50) + " ms, p99 " + saturated.p(99) + " ms (closed loop); " + loadAverage());
                Load paced = paced(queryRate, duration);
                table.row("GET /events at a steady " + queryRate + " pages/s (open loop, from the scheduled time), " + events
                        + " events stored", paced.rate() + " pages/s", "p99 ≤ 20 ms",
                        "p50 " + paced.p(50) + " ms, p99 " + paced.p(99) + " ms, p99.9 " + paced.p(99.9) + " ms; " + loadAverage());
            }
            table.row("hub resident memory after the run", BenchTable.rss(hub.pid()) + " MiB", "",
                    "PostgreSQL processes: " + postgresPss(dir) + " MiB (proportional set size, shared buffers counted once)");
            hub.stop();
            long restart = hub.start(policy, List.of());
            table.row("start-up to ready, existing data directory", String.format(Locale.ROOT, "%.1f s", restart / 1000.0), "≤ 5 s",
                    String.format(Locale.ROOT, "%.1f s of the hub's CPU; %s", hub.startupCpuSeconds(), loadAverage()));
        } finally {
            if (hub != null) {
                hub.stop();
            }
        }
        table.print();
    }

    /** The policy file: the benchmark resources and apps, all owned by {@code /org/bench}. */
    static Path writePolicy(Path dir) throws IOException {
        Path policy = dir.resolve("bench-policy.yaml");
        StringBuilder yaml = new StringBuilder("resources:\n");
        for (int r = 0; r < RESOURCES; r++) {
            yaml.append("  - id: urn:altinn:resource:bench-").append(r).append("\n    owner: /org/bench\n");
            yaml.append("  - id: urn:altinn:resource:app_bench_a").append(r).append("\n    owner: /org/bench\n");
        }
        Files.writeString(policy, yaml);
        return policy;
    }

    private static final AtomicLong IDS = new AtomicLong();
    /** Part of every event id, so that a run on a kept store (bench.keep-data) does not repeat the last run's ids. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private static String event(String prefix) {
        long n = IDS.incrementAndGet();
        return eventJson(prefix + "-" + RUN + "-" + n, resource(n), subject(n));
    }

    /** The next benchmark event as the columns of the row the hub stores for it (the payload is the event's JSON). */
    static NativeBaseline.Row row(String prefix) {
        long n = IDS.incrementAndGet();
        String id = prefix + "-" + RUN + "-" + n;
        // The hub stores a SHA-256 in hex: 64 characters.
        String hash = String.format(Locale.ROOT, "%064x", n);
        return new NativeBaseline.Row(SOURCE, id, TYPE, resource(n), subject(n), hash, eventJson(id, resource(n), subject(n)));
    }

    private static final String SOURCE = "urn:bench:publisher";
    private static final String TYPE = "no.budstikke.bench.measured";

    private static String resource(long n) {
        return "urn:altinn:resource:bench-" + (n % RESOURCES);
    }

    private static String subject(long n) {
        return "/organisation/" + (100_000_000 + (int) (n % SUBJECTS));
    }

    private static String eventJson(String id, String resource, String subject) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + SOURCE + "\",\"type\":\"" + TYPE
                + "\",\"resource\":\"" + resource + "\",\"subject\":\"" + subject + "\",\"time\":\"2026-11-29T10:00:00Z\","
                + "\"data\":{\"amount\":1234.50,\"note\":\"benchmark event\"}}";
    }

    private Load singleEvents(int seconds, String prefix) throws Exception {
        return drive(connections, seconds, (connection, latency) -> {
            byte[] body = event(prefix).getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            int status = connection.exchange("POST", "/events/api/v1/events", token, "application/cloudevents+json", body, false).status();
            latency.record(System.nanoTime() - start);
            check(status, 201);
            return 1;
        });
    }

    private static final String[] PROCESS = {"app.instance.created", "app.instance.process.movedTo.Task_1",
            "app.instance.process.movedTo.Task_2", "app.instance.process.completed"};
    private static final ThreadLocal<long[]> PROCESS_STEP = ThreadLocal.withInitial(() -> new long[2]);

    /** The next event of this thread's current app instance: created, two tasks, completed, then a new instance. */
    private static String appEvent(String prefix) {
        long n = IDS.incrementAndGet();
        long[] state = PROCESS_STEP.get();
        if (state[1] % PROCESS.length == 0) {
            state[0] = n;
        }
        String type = PROCESS[(int) (state[1]++ % PROCESS.length)];
        long instance = state[0];
        String app = "a" + (instance % RESOURCES);
        return "{\"specversion\":\"1.0\",\"id\":\"" + prefix + "-" + n + "\",\"source\":\"https://bench.apps.altinn.no/bench/"
                + app + "/instances/" + (instance % SUBJECTS) + "/" + instance + "\",\"type\":\"" + type
                + "\",\"resource\":\"urn:altinn:resource:app_bench_" + app + "\",\"subject\":\"/party/" + (instance % SUBJECTS)
                + "\",\"time\":\"" + java.time.Instant.now() + "\",\"data\":{\"note\":\"benchmark app event\"}}";
    }

    private Load appEvents(int seconds, String prefix) throws Exception {
        return drive(connections, seconds, (connection, latency) -> {
            byte[] body = appEvent(prefix).getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            int status = connection.exchange("POST", "/events/api/v1/events", token, "application/cloudevents+json", body, false).status();
            latency.record(System.nanoTime() - start);
            check(status, 201);
            return 1;
        });
    }

    /**
     * Analytics: single-event POSTs of app events (instances moving through two tasks) with the rollup running,
     * sampling how far it trails the newest event; then the same with the rollup off, on a restarted hub. The
     * difference in ingest rate is what analytics costs ingest.
     */
    private void analytics(Path policy) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres?user=postgres";
        String lagQuery = "SELECT (SELECT coalesce(max(seq), 0) FROM event) - last_seq FROM dispatch_checkpoint WHERE name = 'analytics'";
        appEvents(Math.min(warmup, 60), "warm-up-analytics");
        AtomicLong maxLag = new AtomicLong();
        Load on;
        try (SqlSampler lag = new SqlSampler(url, lagQuery, Duration.ofMillis(500),
                trailing -> maxLag.accumulateAndGet(trailing, Math::max))) {
            on = appEvents(duration, "analytics-on");
        }
        long began = System.nanoTime();
        long lag;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            do {
                try (var rs = statement.executeQuery(lagQuery)) {
                    rs.next();
                    lag = rs.getLong(1);
                }
            } while (lag > 0 && System.nanoTime() - began < 600_000_000_000L);
        }
        double catchUp = (System.nanoTime() - began) / 1e9;
        table.row("app events, single POST, " + connections + " connections, analytics on", on.rate() + " events/s",
                "≥ 5 000/s", String.format(Locale.ROOT, "rollup trailed by at most %,d events; caught up %.1f s after the load",
                        maxLag.get(), catchUp));
        // The rollup's own pace: a backlog of app events stored at once (set-based SQL, no publisher running), timed
        // until the rollup has caught up with it.
        int backlog = Integer.getInteger("bench.analytics-backlog", 500_000);
        double drained;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO event (seq, registered_at, source, id, type, resource, subject, time, content_hash, payload)
                    SELECT nextval('event_seq'), now(),
                           'https://bench.apps.altinn.no/bench/a' || (g / 4 %% %1$d) || '/instances/' || (g / 4 %% %2$d) || '/d' || (g / 4),
                           'drain-' || g,
                           (ARRAY['app.instance.created', 'app.instance.process.movedTo.Task_1',
                                  'app.instance.process.movedTo.Task_2', 'app.instance.process.completed'])[g %% 4 + 1],
                           'urn:altinn:resource:app_bench_a' || (g / 4 %% %1$d), '/party/' || (g / 4 %% %2$d),
                           now() + (g %% 4) * interval '1 minute', md5(g::text), '{}'
                      FROM generate_series(0, %3$d - 1) AS g""".formatted(RESOURCES, SUBJECTS, backlog));
            long startDrain = System.nanoTime();
            org.awaitility.Awaitility.await("the rollup to drain the backlog").atMost(java.time.Duration.ofMinutes(30))
                    .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                        try (var rs = statement.executeQuery(lagQuery)) {
                            rs.next();
                            return rs.getLong(1) == 0;
                        }
                    });
            drained = backlog / ((System.nanoTime() - startDrain) / 1e9);
        }
        table.row("rollup draining a backlog of " + String.format(Locale.ROOT, "%,d", backlog) + " app events",
                String.format(Locale.ROOT, "%,.0f events/s", drained), "≥ 5 000/s", "the rollup alone, nothing published meanwhile");
        hub.stop();
        hub.start(policy, List.of("--budstikke.analytics.enabled=false"));
        port = hub.port();
        pgPort = hub.pgPort();
        token = hub.token("/org/bench");
        appEvents(Math.min(warmup, 60), "warm-up-analytics-off");
        Load off = appEvents(duration, "analytics-off");
        table.row("the same, analytics off", off.rate() + " events/s", "",
                String.format(Locale.ROOT, "analytics cost ingest %.1f %% (target ≤ 5 %%)", 100 * (1 - on.perSecond / off.perSecond)));
        hub.stop();
        hub.start(policy, List.of());
        port = hub.port();
        pgPort = hub.pgPort();
        token = hub.token("/org/bench");
    }

    private Load batches(int seconds) throws Exception {
        return drive(16, seconds, (connection, latency) -> {
            StringBuilder batch = new StringBuilder(40_000).append('[');
            for (int i = 0; i < 100; i++) {
                batch.append(i == 0 ? "" : ",").append(event("batch"));
            }
            byte[] body = batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            int status = connection.exchange("POST", "/events/api/v1/events", token, "application/cloudevents-batch+json", body, false).status();
            latency.record(System.nanoTime() - start);
            check(status, 201);
            return 100;
        });
    }

    private Load batchRow() throws Exception {
        Load batch = batches(duration);
        table.row("batches of 100, 16 connections", batch.rate() + " events/s", "≥ 90 % of COPY",
                "p50 " + batch.p(50) + " ms, p99 " + batch.p(99) + " ms per batch; " + loadAverage());
        return batch;
    }

    /**
     * PostgreSQL alone, single-row INSERT + COMMIT from as many connections as the hub's single-event phase, after
     * the same warm-up (which also grows the scratch table as the hub's grew), for the same duration.
     */
    private void insertBaseline(NativeBaseline baseline, Load single) throws Exception {
        System.out.printf("Warming up the INSERT baseline for %d s with %d JDBC connections…%n", warmup, connections);
        baseline.inserts(connections, warmup, HubBenchmark::row);
        Load insert = baseline.inserts(connections, duration, HubBenchmark::row);
        table.row("PostgreSQL alone: single-row INSERT + COMMIT, " + connections + " JDBC connections", insert.rate()
                + " transactions/s", "baseline", "p50 " + insert.p(50) + " ms, p99 " + insert.p(99) + " ms; " + loadAverage());
        if (single != null) {
            table.row("hub single POST ÷ INSERT baseline", String.format(Locale.ROOT, "%.2f", single.perSecond / insert.perSecond),
                    "≥ 1.0", "p99 " + single.p(99) + " ms against " + insert.p(99) + " ms");
        }
    }

    /** PostgreSQL alone, COPY of the hub's batch size per transaction from as many connections as its batch phase. */
    private void copyBaseline(NativeBaseline baseline, Load batch) throws Exception {
        // The client's COPY path needs a few seconds of JIT; PostgreSQL has been busy since the start.
        baseline.copies(16, Math.min(warmup, 10), 100, HubBenchmark::row);
        Load copy = baseline.copies(16, duration, 100, HubBenchmark::row);
        table.row("PostgreSQL alone: COPY of 100 rows per transaction, 16 JDBC connections", copy.rate() + " events/s",
                "baseline", "p50 " + copy.p(50) + " ms, p99 " + copy.p(99) + " ms per COPY; " + loadAverage());
        if (batch != null) {
            table.row("hub batches of 100 ÷ COPY", String.format(Locale.ROOT, "%.0f %%", 100 * batch.perSecond / copy.perSecond),
                    "≥ 90 %", "p99 " + batch.p(99) + " ms against " + copy.p(99) + " ms per 100");
        }
    }

    private static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 1_000_000);

    /**
     * Stores a million active subscriptions — citizens and businesses subscribing to their own events of the
     * benchmark's resources, by subject — restarts the hub so it loads them all into its index, warms it up again
     * and publishes single events as before. The published events' subjects are not among the subscribers', so
     * every event is matched against the full index and no delivery is made: the cost measured is matching.
     */
    private Load withMillionSubscribers(Path dir, Path policy) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres?user=postgres";
        long began = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            storeSubscriptions(statement, SUBSCRIBERS);
        }
        System.out.printf("Stored %,d subscriptions in %.1f s; restarting the hub%n", SUBSCRIBERS, (System.nanoTime() - began) / 1e9);
        hub.stop();
        long startup = hub.start(policy, List.of());
        port = hub.port();
        pgPort = hub.pgPort();
        token = hub.token("/org/bench");
        System.out.printf("Restarted with the subscriptions in %.1f s; warming up for %d s%n", startup / 1000.0, warmup);
        singleEvents(warmup, "warm-up-subscribers");
        return singleEvents(duration, "single-subscribers");
    }

    /**
     * Stores active subscriptions numbered 1..count with set-based SQL — citizens subscribing to their own events of
     * the benchmark's resources, by subject — then vacuums and analyzes the table.
     */
    static void storeSubscriptions(Statement statement, int count) throws SQLException {
        statement.execute("""
                INSERT INTO subscription (id, consumer, created_by, end_point, resource_filter, subject_filter,
                                          retry_schedule, delivery_timeout, max_concurrency, signing_secret, status,
                                          created, fingerprint)
                SELECT gen_random_uuid(), '/person/' || (10000000000 + g), '/person/' || (10000000000 + g),
                       'https://subscriber-' || g || '.example/hook', 'urn:altinn:resource:bench-' || (g %% %d),
                       '/person/' || (10000000000 + g), ARRAY['PT10S','PT30S','PT1M'], 'PT30S', 8,
                       'whsec_bench', 'active', now(), 'bench-' || g
                  FROM generate_series(1, %d) AS g""".formatted(RESOURCES, count));
        // What autovacuum does after a bulk insert anyway, done before measuring instead of during it.
        statement.execute("VACUUM (ANALYZE) subscription");
    }

    /** Tops the store up to the target count with set-based SQL (not through the API), then analyzes it. */
    static long bulkLoad(int pgPort, long targetEvents) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres?user=postgres";
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            long stored;
            try (var rs = statement.executeQuery("SELECT count(*) FROM event")) {
                rs.next();
                stored = rs.getLong(1);
            }
            long chunk = 1_000_000;
            while (stored < targetEvents) {
                long n = Math.min(chunk, targetEvents - stored);
                long began = System.nanoTime();
                statement.execute("""
                        INSERT INTO event (seq, registered_at, source, id, type, resource, subject, time, content_hash, payload)
                        SELECT nextval('event_seq'), now(), 'urn:bench:load', 'load-' || (%d + g), 'no.budstikke.bench.loaded',
                               'urn:altinn:resource:bench-' || (g %% %d), '/organisation/' || (100000000 + (g / %d) %% %d),
                               now(), md5(g::text),
                               '{"specversion":"1.0","id":"load-' || (%d + g) || '","source":"urn:bench:load","type":"no.budstikke.bench.loaded","resource":"urn:altinn:resource:bench-' || (g %% %d) || '","subject":"/organisation/' || (100000000 + (g / %d) %% %d) || '","data":{"amount":1234.50}}'
                          FROM generate_series(1, %d) AS g""".formatted(stored, RESOURCES, RESOURCES, LOADED_SUBJECTS,
                        stored, RESOURCES, RESOURCES, LOADED_SUBJECTS, n));
                stored += n;
                System.out.printf("Loaded %,d events (%.1f s for this chunk)%n", stored, (System.nanoTime() - began) / 1e9);
            }
            // What autovacuum does after a bulk insert anyway: hint bits and statistics, so the reads that follow
            // do not each dirty the pages they touch.
            long began = System.nanoTime();
            statement.execute("VACUUM (ANALYZE) event");
            System.out.printf("VACUUM ANALYZE took %.1f s%n", (System.nanoTime() - began) / 1e9);
            began = System.nanoTime();
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
            statement.execute("SELECT pg_prewarm(c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent IN ('event'::regclass, 'event_resource_subject_seq'::regclass)");
            System.out.printf("Prewarmed the event partitions and subject indexes in %.1f s%n", (System.nanoTime() - began) / 1e9);
            return stored;
        }
    }

    private int closedLoopQuery(RawHttpConnection connection, LatencyRecorder latency) throws IOException {
        long start = System.nanoTime();
        query(connection);
        latency.record(System.nanoTime() - start);
        return 1;
    }

    /**
     * One page of 50 of a random resource and subject, from the start: what a consumer catching up on one party
     * asks first. Every (resource, subject) pair of the bulk-loaded store holds at least 50 events.
     */
    private void query(RawHttpConnection connection) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String path = "/events/api/v1/events?resource=urn:altinn:resource:bench-" + random.nextInt(RESOURCES)
                + "&subject=/organisation/" + (100_000_000 + random.nextInt(LOADED_SUBJECTS)) + "&after=0&size=50";
        check(connection.exchange("GET", path, token, null, null, false).status(), 200);
    }

    /**
     * Open loop: page i is due at start + i / rate whatever happened to the pages before it, and its latency runs
     * from when it was due, so a stall counts against every page that waited behind it (no coordinated omission).
     * Enough connections that a slow page does not hold the schedule up on the client side.
     */
    private Load paced(int rate, int seconds) throws Exception {
        long interval = 1_000_000_000L / rate;
        long pages = (long) rate * seconds;
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<LatencyRecorder> recorders = new ArrayList<>();
        AtomicLong total = new AtomicLong();
        long start = System.nanoTime() + 100_000_000L;
        for (int t = 0; t < Math.max(readers, 64); t++) {
            LatencyRecorder latency = new LatencyRecorder();
            recorders.add(latency);
            threads.add(new Thread(() -> {
                try (RawHttpConnection connection = new RawHttpConnection("127.0.0.1", port)) {
                    for (long n = next.getAndIncrement(); n < pages; n = next.getAndIncrement()) {
                        long due = start + n * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        query(connection);
                        latency.record(System.nanoTime() - due);
                        total.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        return finish(threads, recorders, total, seconds);
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "load average %.1f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    interface Step {
        int run(RawHttpConnection connection, LatencyRecorder latency) throws IOException;
    }

    private Load drive(int threadCount, int seconds, Step step) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<LatencyRecorder> recorders = new ArrayList<>();
        AtomicLong total = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < threadCount; t++) {
            LatencyRecorder latency = new LatencyRecorder();
            recorders.add(latency);
            threads.add(new Thread(() -> {
                try (RawHttpConnection connection = new RawHttpConnection("127.0.0.1", port)) {
                    long done = 0;
                    while (System.nanoTime() < end) {
                        done += step.run(connection, latency);
                    }
                    total.addAndGet(done);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        return finish(threads, recorders, total, seconds);
    }

    static Load finish(List<Thread> threads, List<LatencyRecorder> recorders, AtomicLong total, int seconds)
            throws InterruptedException {
        long began = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        return new Load(total.get() / elapsed, LatencyRecorder.merged(recorders));
    }

    private static void check(int status, int expected) {
        if (status != expected) {
            throw new IllegalStateException("expected " + expected + " but got " + status);
        }
    }

    record Load(double perSecond, long[] latencies) {
        String rate() {
            return String.format(Locale.ROOT, "%,.0f", perSecond);
        }

        String p(double percentile) {
            return String.format(Locale.ROOT, "%.1f", LatencyRecorder.percentileMillis(latencies, percentile));
        }
    }


    private static long postgresPss(Path dir) {
        String dataDir = dir.resolve("data").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDir)).orElse(false)
                        || p.parent().flatMap(parent -> parent.info().commandLine())
                                .map(c -> c.contains("postgres") && c.contains(dataDir)).orElse(false))
                .mapToLong(p -> pss(p.pid())).filter(v -> v > 0).sum();
    }

    private static long pss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
