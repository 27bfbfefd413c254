package no.budstikke.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Turns committed events into delivery jobs. It pages through the event table by sequence number — which never
 * skips an event, see the event store — matches each event against the {@link SubscriptionIndex}, and in one
 * transaction inserts the jobs (unique per event and subscription) and moves its checkpoint. A crash before the
 * commit repeats the page without doubling any job; the row lock on the checkpoint serializes several nodes.
 */
public class Dispatcher {

    private static final String LOCK_CHECKPOINT = "SELECT last_seq FROM dispatch_checkpoint WHERE name = 'dispatcher' FOR UPDATE";
    private static final String NEXT_EVENTS = "SELECT seq, resource, source, type, subject, alternativesubject "
            + "FROM event WHERE seq > ? ORDER BY seq LIMIT ?";
    private static final String INSERT_JOBS = "INSERT INTO delivery_job (event_seq, subscription_id) "
            + "SELECT * FROM unnest(?::bigint[], ?::uuid[]) ON CONFLICT DO NOTHING";
    private static final String MOVE_CHECKPOINT = "UPDATE dispatch_checkpoint SET last_seq = ? WHERE name = 'dispatcher'";

    private final DataSource dataSource;
    private final SubscriptionIndex index;
    private final int pageSize;

    public Dispatcher(DataSource dataSource, SubscriptionIndex index, int pageSize) {
        this.dataSource = dataSource;
        this.index = index;
        this.pageSize = pageSize;
    }

    /** Dispatches one page of events; returns how many events it read (0 when it has caught up). */
    public int dispatchPage() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long checkpoint;
                try (PreparedStatement lock = connection.prepareStatement(LOCK_CHECKPOINT);
                     ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    checkpoint = rs.getLong(1);
                }
                List<Long> jobEvents = new ArrayList<>();
                List<UUID> jobSubscriptions = new ArrayList<>();
                long last = checkpoint;
                int read = 0;
                try (PreparedStatement next = connection.prepareStatement(NEXT_EVENTS)) {
                    next.setLong(1, checkpoint);
                    next.setInt(2, pageSize);
                    try (ResultSet rs = next.executeQuery()) {
                        while (rs.next()) {
                            read++;
                            last = rs.getLong(1);
                            var key = new SubscriptionIndex.EventKey(rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6));
                            for (Subscription match : index.match(key)) {
                                jobEvents.add(last);
                                jobSubscriptions.add(match.id());
                            }
                        }
                    }
                }
                if (!jobEvents.isEmpty()) {
                    try (PreparedStatement insert = connection.prepareStatement(INSERT_JOBS)) {
                        insert.setArray(1, connection.createArrayOf("bigint", jobEvents.toArray()));
                        insert.setArray(2, connection.createArrayOf("uuid", jobSubscriptions.toArray()));
                        insert.executeUpdate();
                    }
                }
                if (read > 0) {
                    try (PreparedStatement move = connection.prepareStatement(MOVE_CHECKPOINT)) {
                        move.setLong(1, last);
                        move.executeUpdate();
                    }
                }
                connection.commit();
                return read;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
