package no.budstikke.store;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the database's schema (Flyway's history) with the migrations this node carries before the node starts:
 * a schema a newer release migrated, or one from another line of migrations, is refused; an older one is migrated
 * forward, or refused where migration is left to an operator ({@code budstikke.schema.migrate=false}).
 */
public final class SchemaCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCheck.class);

    private SchemaCheck() {
    }

    /** Migrates (when allowed and needed) or throws {@link IncompatibleSchemaException} with what to do about it. */
    public static void migrateOrRefuse(Flyway flyway, boolean migrate) {
        MigrationInfoService info = flyway.info();
        String known = latestKnown(info);
        List<MigrationInfo> unknown = Arrays.stream(info.all())
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .toList();
        if (!unknown.isEmpty()) {
            throw new IncompatibleSchemaException("The database schema is at version " + version(info.current())
                    + ", newer than this node knows (up to " + known + "): migrations " + describe(unknown)
                    + " were applied by a newer release. Run that release (or newer) against this database; this node "
                    + "refuses to start so that it does not write into a schema it does not know.");
        }
        List<MigrationInfo> foreign = Arrays.stream(info.all())
                .filter(m -> m.getState() == MigrationState.MISSING_SUCCESS || m.getState() == MigrationState.MISSING_FAILED)
                .toList();
        if (!foreign.isEmpty()) {
            throw new IncompatibleSchemaException("The database schema has migrations this node does not carry: "
                    + describe(foreign) + " (applied by another build of the hub). This node refuses to start.");
        }
        MigrationInfo[] pending = info.pending();
        if (pending.length > 0 && !migrate) {
            throw new IncompatibleSchemaException("The database schema is at version " + version(info.current())
                    + ", older than this node needs (" + known + "): migrations " + describe(Arrays.asList(pending))
                    + " are pending and budstikke.schema.migrate is false. Migrate it first (start one node with "
                    + "budstikke.schema.migrate=true), then start the others.");
        }
        if (pending.length > 0) {
            LOG.info("Migrating the database schema from version {} to {}", version(info.current()), known);
            // Flyway holds a PostgreSQL advisory lock while it migrates: nodes starting together migrate once.
            flyway.migrate();
        } else {
            flyway.validate();
        }
    }

    private static String latestKnown(MigrationInfoService info) {
        return Arrays.stream(info.all()).filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .map(MigrationInfo::getVersion).max(MigrationVersion::compareTo).map(MigrationVersion::getVersion)
                .orElse("none");
    }

    private static String version(MigrationInfo current) {
        return current == null || current.getVersion() == null ? "none (empty)" : current.getVersion().getVersion();
    }

    private static String describe(List<MigrationInfo> migrations) {
        return migrations.stream().map(m -> "V" + (m.getVersion() == null ? "?" : m.getVersion().getVersion()) + " "
                + m.getDescription()).collect(Collectors.joining(", "));
    }
}
