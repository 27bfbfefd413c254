package no.budstikke.authorization;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import no.budstikke.store.BatchedWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every denial, kept in PostgreSQL for an admin to look through. Enforcement points do not wait for it: denials
 * are written in batches by one thread.
 */
public class AuditLog implements Audit, AutoCloseable {

    private static final String INSERT = "INSERT INTO authz_audit (at, point, identity, action, resource, subject, "
            + "alternative_subject, event_id) SELECT * FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::text[], ?::text[])";
    private static final String[] TYPES = {"text", "text", "text", "text", "text", "text", "text", "text"};

    private final JdbcTemplate jdbc;
    private final BatchedWriter<Denial> writer;
    private final Consumer<String> counter;

    /**
     * {@code counter} is told of each denial's enforcement point (the metric); {@code capacity}: denials that may
     * wait to be written; {@code batch}: written per statement at most.
     */
    public AuditLog(DataSource dataSource, Consumer<String> counter, int capacity, int batch) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.counter = counter;
        this.writer = new BatchedWriter<>("audit-log", dataSource, capacity, batch, AuditLog::write);
    }

    @Override
    public void denied(Denial denial) {
        counter.accept(denial.point());
        writer.add(denial);
    }

    /** Denials after a log id, oldest first, optionally of one identity or at one enforcement point. */
    public List<Map<String, Object>> page(String identity, String point, long afterId, int size) {
        return jdbc.queryForList("SELECT id, at AS \"time\", point, identity, action, resource, subject, "
                + "alternative_subject AS \"alternativeSubject\", event_id AS \"eventId\" FROM authz_audit "
                + "WHERE id > ? AND (?::text IS NULL OR identity = ?) AND (?::text IS NULL OR point = ?) ORDER BY id LIMIT ?",
                afterId, identity, identity, point, point, size);
    }

    /** Drops denials older than the cutoff (the event retention applies to the audit log too). */
    public void forgetBefore(OffsetDateTime cutoff) {
        jdbc.update("DELETE FROM authz_audit WHERE at < ?", cutoff);
    }

    private static void write(Connection connection, List<Denial> denials) throws SQLException {
        int n = denials.size();
        Object[][] columns = new Object[8][n];
        for (int i = 0; i < n; i++) {
            Denial d = denials.get(i);
            columns[0][i] = d.at().toString();
            columns[1][i] = d.point();
            columns[2][i] = d.identity();
            columns[3][i] = d.action();
            columns[4][i] = d.resource();
            columns[5][i] = d.subject();
            columns[6][i] = d.alternativeSubject();
            columns[7][i] = d.eventId();
        }
        BatchedWriter.executeColumns(connection, INSERT, columns, TYPES);
    }

    @Override
    public void close() throws InterruptedException {
        writer.close();
    }
}
