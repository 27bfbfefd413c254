package no.budstikke.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import no.budstikke.store.EventPartitions;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures what the store keeps per event, per delivery job and per logged delivery attempt on disk (table, TOAST
 * and indexes), on the hub's own schema, for docs/sizing.md. Run with the test classpath:
 * {@code java -cp … no.budstikke.bench.StoreFootprint [rows]}.
 */
public final class StoreFootprint {

    private StoreFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
            new EventPartitions(new JdbcTemplate(postgres.getPostgresDatabase())).ensureAhead(0);
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement sql = connection.createStatement()) {
                // Events shaped as the benchmark publishes them (~330 bytes as sent), 100 000 subjects over 4 resources.
                sql.execute("""
                        INSERT INTO event (seq, registered_at, source, id, type, resource, subject, time, content_hash, payload)
                        SELECT nextval('event_seq'), now(), 'urn:bench:load', 'load-' || g, 'no.budstikke.bench.loaded',
                               'urn:altinn:resource:bench-' || (g %% 4), '/organisation/' || (100000000 + g %% 100000), now(),
                               md5(g::text), '{"specversion":"1.0","id":"load-' || g || '","source":"urn:bench:load",'
                               || '"type":"no.budstikke.bench.loaded","resource":"urn:altinn:resource:bench-' || (g %% 4)
                               || '","subject":"/organisation/' || (100000000 + g %% 100000) || '","time":"'
                               || now() || '","datacontenttype":"application/json","data":{"amount":1234.50,'
                               || '"reference":"' || md5(g::text) || '"}}'
                          FROM generate_series(1, %d) AS g""".formatted(rows));
                sql.execute("""
                        INSERT INTO subscription (id, consumer, created_by, end_point, resource_filter, subject_filter,
                                                  retry_schedule, delivery_timeout, max_concurrency, signing_secret, status, created, fingerprint)
                        SELECT gen_random_uuid(), '/org/' || g, '/org/' || g, 'https://subscriber-' || g || '.example/hook',
                               'urn:altinn:resource:bench-0', NULL, ARRAY['PT10S'], 'PT30S', 8, 'whsec_bench', 'active', now(),
                               'bench-' || g FROM generate_series(1, 3) AS g""");
                // One job per event for each of three subscriptions, delivered at the first attempt, and its log line.
                sql.execute("""
                        INSERT INTO delivery_job (event_seq, subscription_id, status, attempts)
                        SELECT e.seq, s.id, 'delivered', 1 FROM event e CROSS JOIN subscription s""");
                sql.execute("""
                        INSERT INTO delivery_attempt (subscription_id, event_seq, event_id, attempt, at, outcome, status_code, latency_ms)
                        SELECT subscription_id, event_seq, 'load-' || event_seq, 1, now(), 'delivered', 200, 12 FROM delivery_job""");
                sql.execute("VACUUM (ANALYZE)");
                report(sql, "event", "(SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i JOIN pg_class c "
                        + "ON c.oid = i.inhrelid WHERE i.inhparent = 'event'::regclass)", "SELECT count(*) FROM event");
                report(sql, "event payload as sent", "(SELECT sum(octet_length(payload)) FROM event)", "SELECT count(*) FROM event");
                report(sql, "delivery_job", "pg_total_relation_size('delivery_job')", "SELECT count(*) FROM delivery_job");
                report(sql, "delivery_attempt", "pg_total_relation_size('delivery_attempt')",
                        "SELECT count(*) FROM delivery_attempt");
            }
        }
    }

    private static void report(Statement sql, String what, String bytesExpression, String countQuery) throws SQLException {
        long bytes;
        long count;
        try (ResultSet rs = sql.executeQuery("SELECT " + bytesExpression)) {
            rs.next();
            bytes = rs.getLong(1);
        }
        try (ResultSet rs = sql.executeQuery(countQuery)) {
            rs.next();
            count = rs.getLong(1);
        }
        System.out.printf("%-22s %,14d bytes %,12d rows %8.0f bytes/row%n", what, bytes, count, (double) bytes / count);
    }
}
