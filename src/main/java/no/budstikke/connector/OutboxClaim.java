package no.budstikke.connector;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One poll's unit of work on the legacy database, a single transaction from start to end: it locks the
 * connector's checkpoint row (one poller at a time, across hub nodes), reads the rows not yet done, and — only
 * after the hub has committed their events — marks them published or parked and moves the checkpoint, all in
 * one commit. Rolled back, it leaves every row as it was, to be read again.
 */
public final class OutboxClaim {

    private final Connection connection;
    private final String table;
    private final String checkpointTable;
    private final String connector;
    private final List<OutboxRow> rows = new ArrayList<>();
    private final List<Long> published = new ArrayList<>();
    private final List<Long> parked = new ArrayList<>();
    private boolean open = true;

    private OutboxClaim(Connection connection, String table, String checkpointTable, String connector) {
        this.connection = connection;
        this.table = table;
        this.checkpointTable = checkpointTable;
        this.connector = connector;
    }

    /** Starts the unit of work on the connection (which it then owns) and reads up to {@code limit} rows. */
    public static OutboxClaim open(Connection connection, String table, String checkpointTable, String connector,
            int limit) throws SQLException {
        OutboxClaim claim = new OutboxClaim(connection, table, checkpointTable, connector);
        try {
            connection.setAutoCommit(false);
            claim.lockCheckpoint();
            claim.readRows(limit);
            return claim;
        } catch (SQLException | RuntimeException e) {
            claim.abandon();
            throw e;
        }
    }

    private void lockCheckpoint() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + checkpointTable
                + " (connector, position) VALUES (?, 0) ON CONFLICT (connector) DO NOTHING")) {
            insert.setString(1, connector);
            insert.executeUpdate();
        }
        // Held to the commit: a second hub node polling the same outbox waits here, so rows go out in id order once.
        try (PreparedStatement lock = connection.prepareStatement("SELECT position FROM " + checkpointTable
                + " WHERE connector = ? FOR UPDATE")) {
            lock.setString(1, connector);
            lock.executeQuery().close();
        }
    }

    /**
     * By the done-marks, not by {@code id > checkpoint}: a bigserial id is drawn at insert but seen at commit, so a
     * row with a smaller id can appear after a larger one was published; reading past the checkpoint would skip it.
     */
    private void readRows(int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, event_type, subject, payload, created FROM "
                + table + " WHERE published_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new OutboxRow(result.getLong("id"), result.getString("event_type"),
                            result.getString("subject"), result.getString("payload"),
                            result.getObject("created", OffsetDateTime.class)));
                }
            }
        }
    }

    public List<OutboxRow> rows() {
        return rows;
    }

    public void published(long id) {
        published.add(id);
    }

    public void parked(long id) {
        parked.add(id);
    }

    public boolean isOpen() {
        return open;
    }

    /**
     * Marks the rows and moves the checkpoint to the highest row id done, in one commit; returns the checkpoint
     * (or -1 when no row was marked and it stayed where it was).
     */
    public long finish() throws SQLException {
        try {
            mark("published_at", published);
            mark("parked_at", parked);
            long position = -1;
            if (!published.isEmpty() || !parked.isEmpty()) {
                long highest = java.util.stream.Stream.concat(published.stream(), parked.stream())
                        .mapToLong(Long::longValue).max().orElseThrow();
                try (PreparedStatement advance = connection.prepareStatement("UPDATE " + checkpointTable
                        + " SET position = GREATEST(position, ?), updated = now() WHERE connector = ? RETURNING position")) {
                    advance.setLong(1, highest);
                    advance.setString(2, connector);
                    try (ResultSet result = advance.executeQuery()) {
                        result.next();
                        position = result.getLong(1);
                    }
                }
            }
            connection.commit();
            return position;
        } finally {
            abandon();
        }
    }

    private void mark(String column, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        Array array = connection.createArrayOf("bigint", ids.toArray());
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET " + column
                + " = now() WHERE id = ANY (?)")) {
            update.setArray(1, array);
            update.executeUpdate();
        } finally {
            array.free();
        }
    }

    /** Rolls back whatever is not committed and gives the connection back; safe to call more than once. */
    public void abandon() {
        if (!open) {
            return;
        }
        open = false;
        try {
            connection.rollback();
        } catch (SQLException e) {
            // a connection that broke has nothing to roll back
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // the pool drops a broken connection by itself
        }
    }
}
