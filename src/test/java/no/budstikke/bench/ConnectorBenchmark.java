package no.budstikke.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The connector benchmark ({@code ./mvnw -Pbench verify -Dbench.main=no.budstikke.bench.ConnectorBenchmark}): the
 * packaged hub, with only the Enhetsregisteret connector enabled, drains a backlog of updates (ids with gaps, like
 * the real feed) from a fake feed in this process, on loopback. Measured: from the connector's first request to
 * its first request past the last update (made only after the last page was committed and its checkpoint stored),
 * as events per second; the stored events are counted in PostgreSQL. Settings (system properties of this JVM;
 * the bench profile does not pass them on): bench.feed-updates (default 100 000), bench.page-size (500),
 * bench.hub-jvm-args.
 */
public final class ConnectorBenchmark {

    private static final String RESOURCE = "urn:altinn:resource:brreg-enhetsregisteret";
    private static final long FIRST_ID = 25_000_000;
    private static final int GAP = 3;

    private final int backlog = Integer.getInteger("bench.feed-updates", 100_000);
    private final int pageSize = Integer.getInteger("bench.page-size", 500);
    private final String hubJvmArgs = System.getProperty("bench.hub-jvm-args", "");
    private final BenchTable table = new BenchTable("Budstikke connector benchmark");
    private final AtomicLong firstRequest = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        new ConnectorBenchmark().run();
    }

    private void run() throws Exception {
        Path dir = Path.of("target", "bench-connector");
        BenchHub.deleteRecursively(dir);
        Files.createDirectories(dir);
        HttpServer feed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        feed.createContext("/enhetsregisteret/api/oppdateringer/enheter", this::page);
        feed.start();
        BenchHub hub = new BenchHub(dir, hubJvmArgs);
        try {
            long startup = hub.start(Path.of("config", "authorization.yaml"), List.of(
                    "--budstikke.connectors.brreg.enabled=true",
                    "--budstikke.connectors.brreg.url=http://127.0.0.1:" + feed.getAddress().getPort(),
                    "--budstikke.connectors.brreg.page-size=" + pageSize,
                    "--budstikke.connectors.brreg.start-after=" + (FIRST_ID - 1)));
            if (!done.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the backlog was not drained within 30 minutes");
            }
            double seconds = (drained.get() - firstRequest.get()) / 1e9;
            long stored = stored(hub.pgPort());
            table.row("start-up to ready (connector enabled)", startup + " ms", "", "");
            table.row("drain " + backlog + " updates, pages of " + pageSize + ", fake feed on loopback",
                    String.format(Locale.ROOT, "%,.0f events/s", backlog / seconds),
                    "", String.format(Locale.ROOT, "%.1f s; %,d events stored", seconds, stored));
            table.row("hub resident memory after the run", BenchTable.rss(hub.pid()) + " MiB", "", "");
        } finally {
            hub.stop();
            feed.stop(0);
        }
        table.print();
    }

    /** A page of updates from {@code oppdateringsid} on, at most {@code size}; ids are FIRST_ID, +3, +6, … */
    private void page(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        firstRequest.compareAndSet(0, now);
        String query = URI.create(exchange.getRequestURI().toString()).getQuery();
        long from = FIRST_ID;
        int size = 20;
        for (String parameter : query.split("&")) {
            String[] pair = parameter.split("=", 2);
            if (pair[0].equals("oppdateringsid")) {
                from = Long.parseLong(pair[1]);
            } else if (pair[0].equals("size")) {
                size = Integer.parseInt(pair[1]);
            }
        }
        long index = Math.max(0, (from - FIRST_ID + GAP - 1) / GAP);
        StringBuilder body = new StringBuilder(size * 300 + 200);
        int count = 0;
        for (long i = index; i < backlog && count < size; i++, count++) {
            long id = FIRST_ID + i * GAP;
            String organisation = String.valueOf(800_000_000L + i);
            body.append(count == 0 ? "" : ",").append("{\"oppdateringsid\":").append(id)
                    .append(",\"dato\":\"2026-09-14T04:05:11.193Z\",\"organisasjonsnummer\":\"").append(organisation)
                    .append("\",\"endringstype\":\"Endring\",\"_links\":{\"enhet\":{\"href\":")
                    .append("\"https://data.brreg.no/enhetsregisteret/api/enheter/").append(organisation).append("\"}}}");
        }
        String json = count == 0
                ? "{\"page\":{\"size\":" + size + ",\"totalElements\":0,\"totalPages\":0,\"number\":0}}"
                : "{\"_embedded\":{\"oppdaterteEnheter\":[" + body + "]},\"page\":{\"size\":" + size + "}}";
        if (count == 0 && index >= backlog && drained.compareAndSet(0, now)) {
            done.countDown();
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/hal+json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private long stored(int pgPort) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort
                + "/postgres?user=postgres");
                PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM event WHERE resource = ?")) {
            count.setString(1, RESOURCE);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
