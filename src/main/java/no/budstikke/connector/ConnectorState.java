package no.budstikke.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a connector keeps in PostgreSQL: its checkpoint (how far it has got in its feed, in the feed's own terms —
 * an update id, a sequence number, an outbox row id) and the entries it could not map ("parked", with the
 * reason). Connectors derive event ids from the feed's own ids, so re-reading after a crash stores nothing twice;
 * the checkpoint only saves the re-reading.
 */
public class ConnectorState {

    private final JdbcTemplate jdbc;
    private final Consumer<String> parkedCounter;

    /** {@code parkedCounter} is told the connector's name for each parked entry (the metric). */
    public ConnectorState(JdbcTemplate jdbc, Consumer<String> parkedCounter) {
        this.jdbc = jdbc;
        this.parkedCounter = parkedCounter;
    }

    /** The connector's position, or empty when it has never moved. */
    public Optional<String> checkpoint(String connector) {
        return jdbc.queryForList("SELECT position FROM connector_checkpoint WHERE connector = ?", String.class, connector)
                .stream().findFirst();
    }

    /** The position as a number, or {@code start} when the connector has none yet. */
    public long checkpointNumber(String connector, long start) {
        return checkpoint(connector).map(Long::parseLong).orElse(start);
    }

    public void advance(String connector, String position) {
        jdbc.update("INSERT INTO connector_checkpoint (connector, position) VALUES (?, ?) ON CONFLICT (connector) "
                + "DO UPDATE SET position = excluded.position, updated = now()", connector, position);
    }

    /**
     * Keeps an entry that could not be mapped, with why; the connector then moves on past it. The same entry parked
     * again (a page re-read after its commit failed) is kept once.
     */
    public void park(String connector, String entryKey, String reason, String entry) {
        int parked = jdbc.update("INSERT INTO connector_parked (connector, entry_key, reason, entry) "
                + "SELECT ?::text, ?::text, ?::text, ?::text WHERE NOT EXISTS (SELECT 1 FROM connector_parked "
                + "WHERE connector = ? AND entry_key IS NOT DISTINCT FROM ?::text AND entry = ?)",
                connector, entryKey, reason, entry, connector, entryKey, entry);
        if (parked > 0) {
            parkedCounter.accept(connector);
        }
    }

    /** Parked entries of a connector (or of all when null), oldest first, after an id. */
    public List<Map<String, Object>> parked(String connector, long afterId, int size) {
        return jdbc.queryForList("SELECT id, connector, entry_key AS \"entryKey\", reason, entry, parked AS \"time\" "
                + "FROM connector_parked WHERE id > ? AND (?::text IS NULL OR connector = ?) ORDER BY id LIMIT ?",
                afterId, connector, connector, size);
    }

    /** Every connector's checkpoint and number of parked entries. */
    public List<Map<String, Object>> overview() {
        // The typed NULLs: in a UNION with DISTINCT, PostgreSQL settles untyped NULLs as text before it sees the
        // other branch's timestamptz.
        return jdbc.queryForList("SELECT c.connector, c.position, c.updated, (SELECT count(*) FROM connector_parked p "
                + "WHERE p.connector = c.connector) AS parked FROM (SELECT connector, position, updated FROM "
                + "connector_checkpoint UNION SELECT DISTINCT connector, NULL::text, NULL::timestamptz "
                + "FROM connector_parked p2 WHERE NOT EXISTS (SELECT 1 FROM connector_checkpoint c2 "
                + "WHERE c2.connector = p2.connector)) c ORDER BY c.connector");
    }
}
