package no.budstikke.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Follows the event table in sequence order behind a named checkpoint (a row of {@code dispatch_checkpoint}), a
 * page at a time, the way a consumer follows {@code next}: the commit lock of the event store makes sequence
 * numbers visible in order, so paging by {@code seq > checkpoint} never skips an event. The reader's own writes
 * for a page and the move of its checkpoint commit in one transaction, so a crash repeats a page, never skips one;
 * the checkpoint row is locked {@code FOR UPDATE}, so several nodes take turns instead of doubling work.
 */
public final class CheckpointedReader {

    /** What a reader does with one page, inside the transaction that then moves its checkpoint. */
    @FunctionalInterface
    public interface PageHandler {
        void handle(Connection connection, List<CommittedEvent> page) throws SQLException;
    }

    private static final String LOCK_CHECKPOINT = "SELECT last_seq FROM dispatch_checkpoint WHERE name = ? FOR UPDATE";
    private static final String MOVE_CHECKPOINT = "UPDATE dispatch_checkpoint SET last_seq = ? WHERE name = ?";
    private static final String NEXT_EVENTS = "SELECT seq, resource, source, type, subject, alternativesubject, id, "
            + "%s, registered_at, time, %s FROM event WHERE seq > ? ORDER BY seq LIMIT ?";

    private final DataSource dataSource;
    private final String checkpoint;
    private final int pageSize;
    private final String nextEvents;

    /**
     * @param withPayload whether the handler needs each event's JSON text (the analytics do not: reading it would
     *                    only cost I/O)
     */
    public CheckpointedReader(DataSource dataSource, String checkpoint, int pageSize, boolean withPayload) {
        this(dataSource, checkpoint, pageSize, withPayload, false);
    }

    /** @param withTrace whether the handler continues each event's trace (only while tracing is on) */
    public CheckpointedReader(DataSource dataSource, String checkpoint, int pageSize, boolean withPayload,
            boolean withTrace) {
        this.dataSource = dataSource;
        this.checkpoint = checkpoint;
        this.pageSize = pageSize;
        this.nextEvents = NEXT_EVENTS.formatted(withPayload ? "payload" : "NULL", withTrace ? "traceparent" : "NULL");
    }

    /** Reads and handles the next page; returns how many events it read (0 when it has caught up). */
    public int nextPage(PageHandler handler) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long last;
                try (PreparedStatement lock = connection.prepareStatement(LOCK_CHECKPOINT)) {
                    lock.setString(1, checkpoint);
                    try (ResultSet rs = lock.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("No checkpoint named " + checkpoint);
                        }
                        last = rs.getLong(1);
                    }
                }
                List<CommittedEvent> page = new ArrayList<>(pageSize);
                try (PreparedStatement next = connection.prepareStatement(nextEvents)) {
                    next.setLong(1, last);
                    next.setInt(2, pageSize);
                    try (ResultSet rs = next.executeQuery()) {
                        while (rs.next()) {
                            page.add(new CommittedEvent(rs.getLong(1), rs.getString(2), rs.getString(3),
                                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                    rs.getString(8), rs.getObject(9, OffsetDateTime.class),
                                    rs.getObject(10, OffsetDateTime.class), rs.getString(11)));
                        }
                    }
                }
                if (!page.isEmpty()) {
                    handler.handle(connection, page);
                    try (PreparedStatement move = connection.prepareStatement(MOVE_CHECKPOINT)) {
                        move.setLong(1, page.get(page.size() - 1).seq());
                        move.setString(2, checkpoint);
                        move.executeUpdate();
                    }
                }
                connection.commit();
                return page.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
