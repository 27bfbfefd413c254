package no.budstikke.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The schema check at start on the real PostgreSQL: a schema from a newer release is refused, an older one is
 * refused or migrated as configured, and nodes of one release starting together on an empty database all start.
 */
class SchemaCheckIT {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void aSchemaMigratedByANewerReleaseIsRefusedWithItsVersion() {
        DataSource database = freshDatabase("newer");
        SchemaCheck.migrateOrRefuse(flyway(database), true);
        new JdbcTemplate(database).update("""
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                   installed_by, execution_time, success)
                SELECT max(installed_rank) + 1, '99', 'from a newer release', 'SQL', 'V99__from_a_newer_release.sql', 1,
                       'test', 1, true FROM flyway_schema_history""");

        assertThatThrownBy(() -> SchemaCheck.migrateOrRefuse(flyway(database), true))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("schema is at version 99, newer than this node knows")
                .hasMessageContaining("V99 from a newer release");
    }

    @Test
    void anOlderSchemaIsRefusedWhenMigrationIsLeftToTheOperatorAndMigratedOtherwise() {
        DataSource database = freshDatabase("older");
        Flyway.configure().dataSource(database).locations("classpath:db/migration").target("5").load().migrate();

        assertThatThrownBy(() -> SchemaCheck.migrateOrRefuse(flyway(database), false))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("schema is at version 5, older than this node needs")
                .hasMessageContaining("budstikke.schema.migrate");
        assertThat(flyway(database).info().pending()).as("nothing migrated by a refused node").isNotEmpty();

        SchemaCheck.migrateOrRefuse(flyway(database), true);
        assertThat(flyway(database).info().pending()).isEmpty();
        // Now current, so even a node that may not migrate starts.
        SchemaCheck.migrateOrRefuse(flyway(database), false);
    }

    @Test
    void nodesOfOneReleaseStartingTogetherOnAnEmptyDatabaseAllStart() throws Exception {
        DataSource database = freshDatabase("together");
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                starts.add(nodes.submit(() -> SchemaCheck.migrateOrRefuse(flyway(database), true)));
            }
            for (Future<?> start : starts) {
                start.get();
            }
        } finally {
            nodes.shutdownNow();
        }
        Integer applied = new JdbcTemplate(database).queryForObject(
                "SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL AND success", Integer.class);
        assertThat(applied).isEqualTo(flyway(database).info().applied().length);
        assertThat(flyway(database).info().pending()).isEmpty();
    }

    private static Flyway flyway(DataSource database) {
        return Flyway.configure().dataSource(database).locations("classpath:db/migration").load();
    }

    private static DataSource freshDatabase(String name) {
        new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE DATABASE " + name);
        return postgres.getDatabase("postgres", name);
    }
}
