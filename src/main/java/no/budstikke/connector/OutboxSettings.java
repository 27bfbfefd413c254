package no.budstikke.connector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import no.budstikke.authorization.Identity;

/**
 * The legacy outbox connector's settings ({@code budstikke.connectors.outbox.*}): the legacy database it reads
 * (its own connection, never the hub's), the outbox and checkpoint tables there, and what the rows become (source,
 * resource, the identity they are published as).
 */
public record OutboxSettings(
        String url,
        String username,
        String password,
        Duration connectTimeout,
        int maxPoolSize,
        String table,
        String checkpointTable,
        String source,
        String resource,
        String publisher,
        int batchSize,
        Duration backoffInitial,
        Duration backoffMax) {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /** What is missing or wrong for the connector to run; empty when it can. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (blank(url)) {
            problems.add("datasource.url is not set");
        }
        if (blank(source)) {
            problems.add("source is not set (the CloudEvents source of the rows, e.g. urn:legacy:sak)");
        }
        if (blank(resource)) {
            problems.add("resource is not set (the resource the rows are published to)");
        }
        if (!Identity.isValid(publisher)) {
            problems.add("publisher must be the identity the rows are published as, e.g. /org/legacy");
        }
        // The table names go into the SQL text (they cannot be bound parameters), so only plain identifiers pass.
        if (table == null || !TABLE.matcher(table).matches()) {
            problems.add("table must be a plain (optionally schema-qualified) table name");
        }
        if (checkpointTable == null || !TABLE.matcher(checkpointTable).matches()) {
            problems.add("checkpoint-table must be a plain (optionally schema-qualified) table name");
        }
        if (batchSize < 1) {
            problems.add("batch-size must be at least 1");
        }
        return problems;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
