package no.budstikke.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The publish pipeline's refusals per publisher, hour, door, reason, resource and fields at fault, so a publisher
 * can see what it sent wrong. Publishing must not wait for it: refusals are queued and one writer thread adds them
 * to the hourly counts in batches (a full queue drops them from the log; the metrics still count every refusal).
 */
public class RefusalLog implements AutoCloseable {

    /** One refused publish: who, through which door, why, and what when known ({@code ""} when not). */
    public record RefusedPublish(String publisher, String door, String reason, String resource, String fields,
            Instant at) {
    }

    /** The batch's refusals, counted per key in SQL (so no key is upserted twice in one statement). */
    private static final String ADD = "INSERT INTO publish_refusal_hour (publisher, hour, door, reason, resource, fields, "
            + "refusals, last_at) SELECT publisher, date_trunc('hour', at, 'UTC'), door, reason, resource, fields, "
            + "count(*), max(at) FROM unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[]) "
            + "AS u(publisher, at, door, reason, resource, fields) GROUP BY 1, 2, 3, 4, 5, 6 "
            + "ON CONFLICT (publisher, hour, door, reason, resource, fields) "
            + "DO UPDATE SET refusals = publish_refusal_hour.refusals + excluded.refusals, "
            + "last_at = greatest(publish_refusal_hour.last_at, excluded.last_at)";
    private static final String REPORT = "SELECT publisher, door, reason, resource, fields, date_trunc(?, hour, 'UTC'), "
            + "sum(refusals), max(last_at) FROM publish_refusal_hour WHERE hour >= ? AND hour < ? "
            + "AND (?::text IS NULL OR publisher = ?) GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6";
    private static final String[] TYPES = {"text", "text", "text", "text", "text", "text"};

    private final JdbcTemplate jdbc;
    private final BatchedWriter<RefusedPublish> writer;

    /** {@code capacity}: refusals that may wait to be written; {@code batch}: written per statement at most. */
    public RefusalLog(DataSource dataSource, int capacity, int batch) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.writer = new BatchedWriter<>("refusal-log", dataSource, capacity, batch, RefusalLog::write);
    }

    public void record(RefusedPublish refusal) {
        writer.add(refusal);
    }

    /** Refusals that could not be kept because the database fell too far behind. */
    public long dropped() {
        return writer.dropped();
    }

    /**
     * The refusals in [from, to) by publisher ({@code null}: all), door, reason, resource and fields, each with its
     * total, the last time it happened and its buckets of {@code period} ({@code hour} or {@code day}); most first.
     */
    public List<Map<String, Object>> report(String publisher, String period, Instant from, Instant to) {
        Map<List<String>, Map<String, Object>> rows = new LinkedHashMap<>();
        jdbc.query(REPORT, rs -> {
            List<String> key = List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
            Map<String, Object> row = rows.computeIfAbsent(key, k -> {
                Map<String, Object> fresh = new LinkedHashMap<>();
                fresh.put("publisher", k.get(0));
                fresh.put("door", k.get(1));
                fresh.put("reason", k.get(2));
                fresh.put("resource", k.get(3).isEmpty() ? null : k.get(3));
                fresh.put("fields", k.get(4).isEmpty() ? List.of() : List.of(k.get(4).split(", ")));
                fresh.put("total", 0L);
                fresh.put("last", Instant.MIN);
                fresh.put("buckets", new ArrayList<Map<String, Object>>());
                return fresh;
            });
            long count = rs.getLong(7);
            row.merge("total", count, (a, b) -> (Long) a + (Long) b);
            row.merge("last", rs.getTimestamp(8).toInstant(), (a, b) -> ((Instant) a).isAfter((Instant) b) ? a : b);
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("start", instant(rs.getTimestamp(6)));
            bucket.put("refusals", count);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> buckets = (List<Map<String, Object>>) row.get("buckets");
            buckets.add(bucket);
        }, period, time(from), time(to), publisher, publisher);
        List<Map<String, Object>> result = new ArrayList<>(rows.values());
        result.forEach(row -> row.put("last", row.get("last").toString()));
        result.sort((a, b) -> Long.compare((Long) b.get("total"), (Long) a.get("total")));
        return result;
    }

    /** Drops the counts of hours before the cutoff (the event retention applies to them too). */
    public void forgetBefore(OffsetDateTime cutoff) {
        jdbc.update("DELETE FROM publish_refusal_hour WHERE hour < ?", cutoff.truncatedTo(ChronoUnit.HOURS));
    }

    private static void write(Connection connection, List<RefusedPublish> batch) throws SQLException {
        int n = batch.size();
        Object[][] columns = new Object[6][n];
        for (int i = 0; i < n; i++) {
            RefusedPublish refusal = batch.get(i);
            columns[0][i] = refusal.publisher();
            columns[1][i] = refusal.at().toString();
            columns[2][i] = refusal.door();
            columns[3][i] = refusal.reason();
            columns[4][i] = refusal.resource();
            columns[5][i] = refusal.fields();
        }
        BatchedWriter.executeColumns(connection, ADD, columns, TYPES);
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String instant(Timestamp timestamp) {
        return timestamp.toInstant().toString();
    }

    @Override
    public void close() throws InterruptedException {
        writer.close();
    }
}
