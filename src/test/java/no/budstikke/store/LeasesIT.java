package no.budstikke.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Leases on the real PostgreSQL, held by two "nodes": one holder at a time, a lease moves within the ttl and a
 * renewal when its holder is cut off from the database, at once when the holder gives it back, and each lease
 * moves on its own.
 */
class LeasesIT {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofMillis(500);

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void aLeaseHasOneHolderAndMovesWhenTheHolderIsCutOffFromTheDatabase() {
        CuttableDataSource linkA = new CuttableDataSource(postgres.getPostgresDatabase());
        try (Leases a = new Leases(new JdbcTemplate(linkA), "node-a", TTL, RENEW);
                Leases b = new Leases(new JdbcTemplate(postgres.getPostgresDatabase()), "node-b", TTL, RENEW)) {
            assertThat(a.holds("cut-off")).isTrue();
            assertThat(b.holds("cut-off")).isFalse();
            // Renewals keep it with A well past one ttl.
            await().during(TTL.multipliedBy(2)).atMost(TTL.multipliedBy(3))
                    .until(() -> a.holds("cut-off") && !b.holds("cut-off"));

            linkA.cut.set(true);
            long cutAt = System.nanoTime();
            AtomicBoolean overlap = new AtomicBoolean();
            await().atMost(TTL.plus(RENEW).plusSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
                // B first: if A still believes it holds the lease after B took it, two nodes would do the work.
                boolean taken = b.holds("cut-off");
                overlap.compareAndSet(false, taken && a.holds("cut-off"));
                return taken;
            });
            assertThat(overlap).as("A and B holding the lease at once").isFalse();
            // B waited for the lease to expire: A's last renewal came about one renewal interval before the cut (a
            // second interval allows for a renewal that ran late on a busy machine), so not much less than a ttl.
            assertThat(Duration.ofNanos(System.nanoTime() - cutAt)).isGreaterThanOrEqualTo(TTL.minus(RENEW.multipliedBy(2)));
        }
    }

    @Test
    void aLeaseGivenBackMovesAtOnceAndEachLeaseMovesOnItsOwn() {
        Leases a = new Leases(new JdbcTemplate(postgres.getPostgresDatabase()), "node-a", TTL, RENEW);
        try (Leases b = new Leases(new JdbcTemplate(postgres.getPostgresDatabase()), "node-b", TTL, RENEW)) {
            assertThat(b.holds("upkeep")).isTrue();
            assertThat(a.holds("polling")).isTrue();
            assertThat(a.holds("upkeep")).isFalse();
            assertThat(b.holds("polling")).isFalse();

            long closedAt = System.nanoTime();
            a.close();
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> b.holds("polling"));
            // Taken at the next renewal, well within the ttl a dead holder would have cost.
            assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(TTL);
            assertThat(a.holds("polling")).isFalse();
            assertThat(b.all()).extracting(row -> row.get("holder")).containsOnly("node-b");
        }
    }

    /** A node's link to the database that the test can cut, as a network failure or a dead node would. */
    private static final class CuttableDataSource extends DelegatingDataSource {

        private final AtomicBoolean cut = new AtomicBoolean();

        CuttableDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (cut.get()) {
                throw new SQLException("connection refused (cut by the test)", "08001");
            }
            return super.getConnection();
        }
    }
}
