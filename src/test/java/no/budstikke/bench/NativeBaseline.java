package no.budstikke.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * What PostgreSQL alone does with the benchmark's rows, on the hub's own server in the same run: single-row
 * {@code INSERT} + commit per event (pgbench's simplest custom script, as a JDBC client — the zonky bundle ships no
 * pgbench) and {@code COPY} of 100 rows per transaction, both into a scratch copy of the event table.
 *
 * <p>The copy ({@code bench_baseline.event}) has the event table's columns and indexes but is not partitioned and
 * takes its sequence number from a column default: a little less work per row than the hub's table, so the
 * baseline errs on PostgreSQL's side. It is dropped when the baselines are done, so the hub's store is left as it was.
 */
final class NativeBaseline implements AutoCloseable {

    private static final String INSERT = """
            INSERT INTO bench_baseline.event (source, id, type, resource, subject, time, content_hash, payload)
            VALUES (?, ?, ?, ?, ?, '2026-11-29T10:00:00Z', ?, ?)""";
    private static final String COPY = "COPY bench_baseline.event (source, id, type, resource, subject, time, content_hash, payload)"
            + " FROM STDIN";

    private final String url;

    NativeBaseline(int pgPort) throws SQLException {
        this.url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres?user=postgres";
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS bench_baseline CASCADE");
            statement.execute("CREATE SCHEMA bench_baseline");
            statement.execute("CREATE SEQUENCE bench_baseline.event_seq AS bigint");
            // LIKE … INCLUDING INDEXES copies the partitioned table's indexes (resource/subject/seq, id/source, seq).
            statement.execute("CREATE TABLE bench_baseline.event (LIKE public.event INCLUDING DEFAULTS INCLUDING INDEXES)");
            statement.execute("ALTER TABLE bench_baseline.event ALTER COLUMN seq SET DEFAULT nextval('bench_baseline.event_seq'),"
                    + " ALTER COLUMN registered_at SET DEFAULT now()");
            try (var rs = statement.executeQuery("SELECT string_agg(indexdef, '; ') FROM pg_indexes"
                    + " WHERE schemaname = 'bench_baseline'")) {
                rs.next();
                System.out.println("Baseline table bench_baseline.event, indexes: " + rs.getString(1));
            }
        }
    }

    /** One row per transaction (autocommit) from each of {@code connections} JDBC connections. */
    HubBenchmark.Load inserts(int connections, int seconds, Function<String, Row> rows) throws InterruptedException {
        return drive(connections, seconds, connection -> {
            PreparedStatement insert = connection.prepareStatement(INSERT);
            return latency -> {
                Row row = rows.apply("insert-baseline");
                insert.setString(1, row.source());
                insert.setString(2, row.id());
                insert.setString(3, row.type());
                insert.setString(4, row.resource());
                insert.setString(5, row.subject());
                insert.setString(6, row.contentHash());
                insert.setString(7, row.payload());
                long start = System.nanoTime();
                insert.executeUpdate();
                latency.record(System.nanoTime() - start);
                return 1;
            };
        });
    }

    /** {@code batch} rows per {@code COPY}, one transaction each, from each of {@code connections} connections. */
    HubBenchmark.Load copies(int connections, int seconds, int batch, Function<String, Row> rows) throws InterruptedException {
        return drive(connections, seconds, connection -> {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder text = new StringBuilder(batch * 600);
            return latency -> {
                text.setLength(0);
                for (int i = 0; i < batch; i++) {
                    rows.apply("copy-baseline").appendCopyLine(text);
                }
                long start = System.nanoTime();
                try {
                    copy.copyIn(COPY, new StringReader(text.toString()));
                } catch (IOException e) {
                    throw new SQLException(e);
                }
                latency.record(System.nanoTime() - start);
                return batch;
            };
        });
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA bench_baseline CASCADE");
        }
    }

    /** The columns of one event row as the hub stores it: the event's JSON as payload, a SHA-256-sized hash. */
    record Row(String source, String id, String type, String resource, String subject, String contentHash, String payload) {

        /** One line of COPY's text format; the benchmark's values hold no tab, newline or backslash, checked anyway. */
        void appendCopyLine(StringBuilder text) {
            for (String value : List.of(source, id, type, resource, subject, "2026-11-29T10:00:00Z", contentHash, payload)) {
                if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\\') >= 0) {
                    throw new IllegalArgumentException("not plain COPY text: " + value);
                }
                text.append(value).append('\t');
            }
            text.setCharAt(text.length() - 1, '\n');
        }
    }

    private interface Step {
        int run(LatencyRecorder latency) throws SQLException;
    }

    private interface StepFactory {
        Step open(Connection connection) throws SQLException;
    }

    private HubBenchmark.Load drive(int connections, int seconds, StepFactory factory) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<LatencyRecorder> recorders = new ArrayList<>();
        AtomicLong total = new AtomicLong();
        long[] end = new long[1];
        for (int t = 0; t < connections; t++) {
            LatencyRecorder latency = new LatencyRecorder();
            recorders.add(latency);
            threads.add(new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url)) {
                    connection.setAutoCommit(true);
                    Step step = factory.open(connection);
                    long done = 0;
                    while (System.nanoTime() < end[0]) {
                        done += step.run(latency);
                    }
                    total.addAndGet(done);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        end[0] = System.nanoTime() + seconds * 1_000_000_000L;
        return HubBenchmark.finish(threads, recorders, total, seconds);
    }
}
