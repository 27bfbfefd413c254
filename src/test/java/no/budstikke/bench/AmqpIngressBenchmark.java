package no.budstikke.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.proton.amqp.Symbol;
import org.slf4j.LoggerFactory;

/**
 * The AMQP ingress benchmark ({@code ./mvnw -Pbench verify -Dbench.main=no.budstikke.bench.AmqpIngressBenchmark}):
 * the packaged hub takes structured CloudEvents from {@code events.inbound} on its own broker as fast as it commits
 * them to the store, and the table shows the committed rate.
 *
 * <p>Publishers are Qpid JMS clients in this process, one AMQP connection each, sending persistent messages in
 * transacted sessions that commit every {@value #BATCH} messages, so the client is not what limits the rate; they
 * stay at most {@code bench.backlog} events ahead of the store. "Committed" is read from the hub's PostgreSQL:
 * the highest sequence number, which the store draws under its commit lock in commit order, polled while the load
 * runs, and the events of the measured window counted exactly afterwards. Then the queue is drained and one
 * publisher offers {@code bench.latency-rate} events/s (by default half the rate just measured) for
 * {@code bench.latency-duration} seconds: the time from an event's {@code time} attribute (set just before it is
 * sent) to its {@code registered_at} (taken in the commit transaction) is the publish-to-commit latency.
 *
 * <p>Settings: bench.warmup, bench.duration (seconds), bench.backlog, bench.publishers, bench.ingress-consumers
 * (comma-separated; one fresh hub per value), bench.events-per-message (1; more sends batches and skips the latency
 * phase), bench.latency-rate, bench.latency-duration, bench.hub-jvm-args.
 */
public final class AmqpIngressBenchmark {

    private static final String RESOURCE = "urn:altinn:resource:bench-amqp";
    private static final String INBOUND = "events.inbound";
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-amqp-secret";
    private static final int BATCH = 100;
    private static final Pattern COMMIT_SIZE = Pattern.compile(
            "^budstikke_commit_batch_size_(sum|count)(?:\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

    private final int warmup = Integer.getInteger("bench.warmup", 120);
    private final int duration = Integer.getInteger("bench.duration", 60);
    private final long maxBacklog = Long.getLong("bench.backlog", 50_000);
    private final int publishers = Integer.getInteger("bench.publishers", 4);
    /** 1: structured single events; more: batches ({@code application/cloudevents-batch+json}) of that many. */
    private final int eventsPerMessage = Math.max(1, Integer.getInteger("bench.events-per-message", 1));
    /** Events/s offered in the latency phase; 0: half the committed rate just measured. */
    private final int latencyRate = Integer.getInteger("bench.latency-rate", 0);
    private final int latencyDuration = Integer.getInteger("bench.latency-duration", 30);
    private final List<Integer> consumerCounts = Arrays.stream(System.getProperty("bench.ingress-consumers", "64")
            .split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    private final String hubJvmArgs = System.getProperty("bench.hub-jvm-args", "");
    private final BenchTable table = new BenchTable("Budstikke AMQP ingress benchmark");
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    private volatile long committed;
    private volatile boolean publishing;
    private volatile Throwable failure;

    public static void main(String[] args) throws Exception {
        // The test class path brings logback without a configuration, which would log Qpid's and Netty's DEBUG.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        new AmqpIngressBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path root = Path.of("target", "bench-amqp");
        BenchHub.deleteRecursively(root);
        Files.createDirectories(root);
        Path policy = root.resolve("bench-policy.yaml");
        Files.writeString(policy, """
                resources:
                  - id: %s
                    owner: /org/bench
                """.formatted(RESOURCE));
        for (int consumers : consumerCounts) {
            measure(root.resolve("consumers-" + consumers), policy, consumers);
        }
        table.print();
    }

    private void measure(Path dir, Path policy, int consumers) throws Exception {
        Files.createDirectories(dir);
        BenchHub hub = new BenchHub(dir, hubJvmArgs);
        sent.set(0);
        committed = 0;
        Thread poller = null;
        try {
            long startup = hub.start(policy, List.of(
                    "--budstikke.broker.users[0].username=" + USER,
                    "--budstikke.broker.users[0].password=" + PASSWORD,
                    "--budstikke.broker.users[0].publisher=/org/bench",
                    "--budstikke.broker.ingress-consumers=" + consumers));
            System.out.printf("Hub ready in %.1f s with %d ingress consumers; %d publishers, at most %,d events ahead%n",
                    startup / 1000.0, consumers, publishers, maxBacklog);
            String url = "jdbc:postgresql://127.0.0.1:" + hub.pgPort() + "/postgres?user=postgres";
            try (java.sql.Connection db = DriverManager.getConnection(url)) {
                poller = new Thread(() -> poll(url), "committed-poller");
                poller.setDaemon(true);
                poller.start();

                publishing = true;
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < publishers; p++) {
                    int amqpPort = hub.amqpPort();
                    Thread thread = new Thread(() -> saturate(amqpPort), "publisher-" + p);
                    threads.add(thread);
                    thread.start();
                }
                System.out.printf("Warming up for %d s…%n", warmup);
                watch(warmup);

                long seqBefore = maxSeq(db);
                double[] commitsBefore = commitSizes(hub.port());
                long[] cpuBefore = cpu(hub.pid());
                long began = System.nanoTime();
                watch(duration);
                long seqAfter = maxSeq(db);
                double seconds = (System.nanoTime() - began) / 1e9;
                long[] cpuAfter = cpu(hub.pid());
                double[] commitsAfter = commitSizes(hub.port());

                publishing = false;
                for (Thread thread : threads) {
                    thread.join();
                }
                check();
                long measured = count(db, seqBefore, seqAfter);
                double rate = measured / seconds;
                double perCommit = (commitsAfter[0] - commitsBefore[0]) / Math.max(1, commitsAfter[1] - commitsBefore[1]);
                double hubCores = (cpuAfter[0] - cpuBefore[0]) / 100.0 / seconds;
                double busy = 100.0 * (1 - (double) (cpuAfter[2] - cpuBefore[2]) / Math.max(1, cpuAfter[1] - cpuBefore[1]));
                String what = eventsPerMessage == 1 ? "structured events" : "batches of " + eventsPerMessage + " events";
                table.row("AMQP ingress: " + what + " to events.inbound, " + consumers + " consumers",
                        String.format(Locale.ROOT, "%,.0f events/s committed", rate), "≥ 5 000/s",
                        String.format(Locale.ROOT, "%d publishers (transacted, %d events per commit), at most %,d "
                                + "ahead; %,d events committed in %.0f s; %.1f events per group commit; hub %.2f cores, "
                                + "machine %.0f %% busy", publishers, Math.max(BATCH, eventsPerMessage), maxBacklog,
                                measured, seconds, perCommit, hubCores, busy));

                drain(db);
                if (eventsPerMessage == 1) {
                    latency(hub, db, rate, consumers);
                }
                table.row("hub resident memory after the run, " + consumers + " consumers", BenchTable.rss(hub.pid()) + " MiB",
                        "", "");
            } finally {
                publishing = false;
            }
        } finally {
            if (poller != null) {
                poller.interrupt();
                poller.join();
            }
            hub.stop();
        }
    }

    /** Single events at a fixed rate below capacity (by default half the committed rate): no time queueing. */
    private void latency(BenchHub hub, java.sql.Connection db, double rate, int consumers) throws Exception {
        long seqStart = maxSeq(db);
        int offer = latencyRate > 0 ? latencyRate : Math.max(100, (int) (rate / 2 / 100) * 100);
        System.out.printf("Offering %,d events/s for %d s…%n", offer, latencyDuration);
        long offered = paced(hub.amqpPort(), offer, latencyDuration, db);
        long seqEnd = maxSeq(db);
        double[] latency = latencies(db, seqStart, seqEnd);
        table.row("AMQP publish-to-commit latency, " + String.format(Locale.ROOT, "%,d", offer)
                        + " events/s offered, " + consumers + " consumers",
                String.format(Locale.ROOT, "p50 %.1f ms", latency[1]), "",
                String.format(Locale.ROOT, "p90 %.1f ms, p99 %.1f ms, max %.1f ms; %,d of %,d events timed "
                        + "(time attribute at send → registered_at in the commit)", latency[2], latency[3],
                        latency[4], (long) latency[0], offered));
    }

    /** One publisher: transacted batches as fast as the hub takes them, never more than the backlog ahead. */
    private void saturate(int amqpPort) {
        try (Connection connection = connect(amqpPort, "")) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(INBOUND));
            while (publishing && failure == null) {
                if (sent.get() - committed >= maxBacklog) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    continue;
                }
                int messages = Math.max(1, BATCH / eventsPerMessage);
                for (int i = 0; i < messages; i++) {
                    producer.send(message(session, eventsPerMessage));
                }
                // Sends inside a transaction are asynchronous in Qpid JMS; the commit waits for the broker's journal.
                session.commit();
                sent.addAndGet((long) messages * eventsPerMessage);
            }
        } catch (JMSException | RuntimeException e) {
            failure = e;
        }
    }

    /** One publisher at a fixed rate, each message sent on its own (asynchronously), for the latency. */
    private long paced(int amqpPort, int perSecond, int seconds, java.sql.Connection db) throws Exception {
        long total = (long) perSecond * seconds;
        try (Connection connection = connect(amqpPort, "&jms.forceAsyncSend=true")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(INBOUND));
            long interval = 1_000_000_000L / perSecond;
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                producer.send(message(session, 1));
            }
            sent.addAndGet(total);
            // Drained before the connection closes, so no asynchronous send is still in flight when it does.
            drain(db);
        }
        return total;
    }

    private static Connection connect(int amqpPort, String options) throws JMSException {
        return new JmsConnectionFactory(USER, PASSWORD, "amqp://127.0.0.1:" + amqpPort + "?amqp.saslMechanisms=PLAIN"
                + options).createConnection();
    }

    /**
     * A structured CloudEvent of about 380 bytes with a unique id and now as its time (for the latency), or a batch
     * of such events.
     */
    private BytesMessage message(Session session, int events) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        Instant now = Instant.now();
        String body;
        if (events == 1) {
            body = event(ids.incrementAndGet(), now);
        } else {
            StringBuilder batch = new StringBuilder(events * 400).append('[');
            for (int i = 0; i < events; i++) {
                batch.append(i == 0 ? "" : ",").append(event(ids.incrementAndGet(), now));
            }
            body = batch.append(']').toString();
        }
        message.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        ((AmqpJmsMessageFacade) ((JmsMessage) message).getFacade()).setContentType(Symbol.valueOf(
                events == 1 ? "application/cloudevents+json" : "application/cloudevents-batch+json"));
        return message;
    }

    static String event(long n, Instant time) {
        return "{\"specversion\":\"1.0\",\"id\":\"amqp-" + n + "\",\"source\":\"urn:bench:amqp-publisher\","
                + "\"type\":\"no.budstikke.bench.amqp\",\"resource\":\"" + RESOURCE + "\","
                + "\"subject\":\"/organisation/" + (100_000_000 + n % 100_000) + "\",\"time\":\"" + time + "\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"amount\":1234.50,\"currency\":\"NOK\","
                + "\"note\":\"benchmark event published over AMQP 1.0\",\"reference\":\"ref-" + n + "\"}}";
    }

    /** Keeps {@link #committed} current: the store's highest sequence number, ten times a second. */
    private void poll(String url) {
        try (java.sql.Connection db = DriverManager.getConnection(url)) {
            while (!Thread.currentThread().isInterrupted()) {
                committed = maxSeq(db);
                Thread.sleep(100);
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits, printing the committed rate every 10 s, and stops early when a publisher failed. */
    private void watch(int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long last = committed;
        long lastAt = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(10_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            check();
            long now = committed;
            long at = System.nanoTime();
            System.out.printf("  %,d committed, %,.0f/s over the last %.0f s, %,d sent not yet committed%n", now,
                    (now - last) / ((at - lastAt) / 1e9), (at - lastAt) / 1e9, sent.get() - now);
            last = now;
            lastAt = at;
        }
    }

    /** Waits until everything sent is in the store (all sequence numbers are this benchmark's events). */
    private void drain(java.sql.Connection db) throws Exception {
        org.awaitility.Awaitility.await("the queue drained").atMost(java.time.Duration.ofMinutes(3))
                .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                    check();
                    return maxSeq(db) >= sent.get();
                });
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("a publisher failed", failure);
        }
    }

    private static long maxSeq(java.sql.Connection db) throws SQLException {
        try (PreparedStatement max = db.prepareStatement("SELECT coalesce(max(seq), 0) FROM event");
                ResultSet rows = max.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long count(java.sql.Connection db, long afterSeq, long toSeq) throws SQLException {
        try (PreparedStatement count = db.prepareStatement(
                "SELECT count(*) FROM event WHERE resource = ? AND seq > ? AND seq <= ?")) {
            count.setString(1, RESOURCE);
            count.setLong(2, afterSeq);
            count.setLong(3, toSeq);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Count, p50, p90, p99 and max of registered_at − time in milliseconds, for the events in the window. */
    private static double[] latencies(java.sql.Connection db, long afterSeq, long toSeq) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("""
                SELECT count(*), percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY ms), max(ms)
                  FROM (SELECT (extract(epoch FROM registered_at - time) * 1000)::float8 AS ms
                          FROM event WHERE resource = ? AND seq > ? AND seq <= ?) AS timed""")) {
            query.setString(1, RESOURCE);
            query.setLong(2, afterSeq);
            query.setLong(3, toSeq);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                Double[] percentiles = (Double[]) rows.getArray(2).getArray();
                return new double[] {rows.getLong(1), percentiles[0], percentiles[1], percentiles[2], rows.getDouble(3)};
            }
        }
    }

    /** Sum and count of budstikke_commit_batch_size from the hub's /prometheus. */
    private static double[] commitSizes(int port) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double[] sumAndCount = new double[2];
        Matcher matcher = COMMIT_SIZE.matcher(text);
        while (matcher.find()) {
            sumAndCount[matcher.group(1).equals("sum") ? 0 : 1] = Double.parseDouble(matcher.group(2));
        }
        return sumAndCount;
    }

    /** The hub's CPU ticks (user + system), and the machine's total and idle ticks, from /proc. */
    private static long[] cpu(long pid) throws Exception {
        String[] stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).replaceFirst(".*\\) ", "").split(" ");
        // After the command name: state is field 3, utime field 14 and stime field 15 of proc(5).
        long process = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < all.length; i++) {
            total += Long.parseLong(all[i]);
        }
        long idle = Long.parseLong(all[4]) + Long.parseLong(all[5]);
        return new long[] {process, total, idle};
    }
}
