package no.budstikke.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import no.budstikke.event.CloudEvent;

/**
 * The event store in PostgreSQL: commits groups of publish requests in one transaction and pages through
 * stored events by sequence number.
 *
 * <p>Every commit first takes one transaction-scoped advisory lock. Sequence numbers are therefore drawn and
 * made visible strictly in commit order, on any number of hub nodes, so a reader that has seen sequence N has
 * already been able to see every event below N: a cursor can never skip an event, and no read delay is needed.
 * The same lock makes the (source, id) idempotency check safe across partitions and nodes.
 */
public class EventStore {

    /** "budstikk" in ASCII: the advisory lock that orders every commit to the event table. */
    private static final long COMMIT_LOCK = 0x627564737469_6b6bL;

    private static final String LOCK_AND_CLOCK =
            "SELECT clock_timestamp() FROM (SELECT pg_advisory_xact_lock(?)) AS locked";
    private static final String FIND_EXISTING = """
            SELECT e.source, e.id, e.content_hash, e.seq, e.registered_at
              FROM event e
              JOIN unnest(?::text[], ?::text[]) AS k(id, source) ON e.id = k.id AND e.source = k.source""";
    private static final String INSERT = """
            INSERT INTO event (seq, registered_at, source, id, type, resource, subject, alternativesubject, time,
                               content_hash, payload)
            SELECT ? + u.ord - 1, ?, u.source, u.id, u.type, u.resource, u.subject, u.alternativesubject,
                   u.time::timestamptz, u.content_hash, u.payload
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   WITH ORDINALITY AS u(source, id, type, resource, subject, alternativesubject, time, content_hash, payload, ord)""";
    /** As {@link #INSERT}, with the trace context of each event's publish (only while tracing is on). */
    private static final String INSERT_TRACED = """
            INSERT INTO event (seq, registered_at, source, id, type, resource, subject, alternativesubject, time,
                               content_hash, payload, traceparent)
            SELECT ? + u.ord - 1, ?, u.source, u.id, u.type, u.resource, u.subject, u.alternativesubject,
                   u.time::timestamptz, u.content_hash, u.payload, u.traceparent
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[])
                   WITH ORDINALITY AS u(source, id, type, resource, subject, alternativesubject, time, content_hash, payload,
                                        traceparent, ord)""";
    /** Reserves n consecutive sequence numbers; only safe under the commit lock, which every writer holds. */
    private static final String RESERVE = "SELECT setval('event_seq', nextval('event_seq') + ? - 1) - ? + 1";
    private static final String LAST_SEQUENCE = "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM event_seq";
    private static final String SEQUENCE_OF_EVENT_ID =
            "SELECT seq FROM event WHERE id = ? AND resource LIKE ? ESCAPE '\\' ORDER BY seq DESC LIMIT 1";
    private static final String PAGE_COLUMNS =
            "SELECT seq, registered_at, resource, subject, alternativesubject, payload FROM event WHERE ";

    private final DataSource dataSource;
    /** The highest sequence number known to be issued; cursors up to it need no look-up (other nodes: see below). */
    private final AtomicLong knownLast = new AtomicLong();

    public EventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Commits every request of the group that can be committed, in one transaction, and completes each
     * request's future: with its registrations, with a {@link ConflictingEventException}, or with the failure
     * that rolled the whole group back (which it also returns; null when the group committed).
     */
    StoreUnavailableException commitGroup(List<PendingPublish> group) {
        // One outcome per request, in the group's order.
        List<Object> outcomes = new ArrayList<>(group.size());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                OffsetDateTime registeredAt = lockAndClock(connection);
                Map<Key, Claim> claims = findExisting(connection, group);
                List<Claim> fresh = new ArrayList<>();
                for (PendingPublish pending : group) {
                    outcomes.add(claim(pending, claims, fresh));
                }
                insert(connection, fresh, registeredAt);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            StoreUnavailableException failure = new StoreUnavailableException("The event store could not commit", e);
            group.forEach(pending -> pending.result().completeExceptionally(failure));
            return failure;
        }
        for (int i = 0; i < group.size(); i++) {
            CompletableFuture<List<Registration>> result = group.get(i).result();
            if (outcomes.get(i) instanceof RuntimeException conflict) {
                result.completeExceptionally(conflict);
            } else {
                @SuppressWarnings("unchecked")
                List<Placement> placed = (List<Placement>) outcomes.get(i);
                result.complete(placed.stream().map(Placement::registration).toList());
            }
        }
        return null;
    }

    /** Decides one request against what is stored and what this group already claimed: all or nothing. */
    private static Object claim(PendingPublish pending, Map<Key, Claim> claims, List<Claim> fresh) {
        Map<Key, Claim> mine = new LinkedHashMap<>();
        List<Placement> result = new ArrayList<>(pending.events().size());
        for (CloudEvent event : pending.events()) {
            Key key = new Key(event.source(), event.id());
            Claim prior = mine.containsKey(key) ? mine.get(key) : claims.get(key);
            if (prior == null) {
                Claim claim = new Claim(event, event.contentHash(), true);
                claim.traceparent = pending.traceparent();
                mine.put(key, claim);
                result.add(new Placement(claim, false));
            } else if (prior.contentHash.equals(event.contentHash())) {
                result.add(new Placement(prior, true));
            } else {
                return new ConflictingEventException(event.source(), event.id());
            }
        }
        mine.forEach((key, claim) -> {
            if (claim.created && !claims.containsKey(key)) {
                claims.put(key, claim);
                fresh.add(claim);
            }
        });
        return result;
    }

    private static OffsetDateTime lockAndClock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_AND_CLOCK)) {
            lock.setLong(1, COMMIT_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class);
            }
        }
    }

    private static Map<Key, Claim> findExisting(Connection connection, List<PendingPublish> group) throws SQLException {
        List<String> ids = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (PendingPublish pending : group) {
            for (CloudEvent event : pending.events()) {
                ids.add(event.id());
                sources.add(event.source());
            }
        }
        Map<Key, Claim> existing = new HashMap<>();
        try (PreparedStatement find = connection.prepareStatement(FIND_EXISTING)) {
            find.setArray(1, textArray(connection, ids));
            find.setArray(2, textArray(connection, sources));
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    Key key = new Key(rs.getString(1), rs.getString(2));
                    Registration original = new Registration(key.id, key.source,
                            rs.getObject(5, OffsetDateTime.class), rs.getLong(4), false);
                    existing.put(key, Claim.stored(rs.getString(3), original));
                }
            }
        }
        return existing;
    }

    private void insert(Connection connection, List<Claim> fresh, OffsetDateTime registeredAt) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        int n = fresh.size();
        boolean traced = false;
        for (Claim claim : fresh) {
            traced |= claim.traceparent != null;
        }
        // Without a trace context (tracing off) the statement and its arrays are those of before: nothing to pay.
        String[][] columns = new String[traced ? 10 : 9][n];
        for (int i = 0; i < n; i++) {
            CloudEvent event = fresh.get(i).event;
            if (traced) {
                columns[9][i] = fresh.get(i).traceparent;
            }
            columns[0][i] = event.source();
            columns[1][i] = event.id();
            columns[2][i] = event.type();
            columns[3][i] = event.resource();
            columns[4][i] = event.subject();
            columns[5][i] = event.alternativeSubject();
            columns[6][i] = event.json().hasNonNull("time") ? event.json().get("time").asText() : null;
            columns[7][i] = event.contentHash();
            columns[8][i] = event.payload();
        }
        long first;
        try (PreparedStatement reserve = connection.prepareStatement(RESERVE)) {
            reserve.setLong(1, n);
            reserve.setLong(2, n);
            try (ResultSet rs = reserve.executeQuery()) {
                rs.next();
                first = rs.getLong(1);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(traced ? INSERT_TRACED : INSERT)) {
            insert.setLong(1, first);
            insert.setObject(2, registeredAt);
            for (int c = 0; c < columns.length; c++) {
                insert.setArray(c + 3, connection.createArrayOf("text", columns[c]));
            }
            insert.executeUpdate();
        }
        for (int i = 0; i < n; i++) {
            CloudEvent event = fresh.get(i).event;
            fresh.get(i).registration = new Registration(event.id(), event.source(), registeredAt, first + i, true);
        }
        knownLast.accumulateAndGet(first + n - 1, Math::max);
    }

    /** The last sequence number handed out, or 0 before the first event. */
    public long lastSequence() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(LAST_SEQUENCE);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreUnavailableException("The event store could not be read", e);
        }
    }

    /**
     * Turns a consumer's {@code after} into a sequence number: {@code 0} (or nothing) is the start of retention,
     * a number is a sequence number the hub has issued, anything else the id of an event of that resource.
     */
    public long resolveCursor(String after, String resource, boolean resourceIsPrefix) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        if (after.chars().allMatch(Character::isDigit) && after.length() < 19) {
            long sequence = Long.parseLong(after);
            // A consumer following next asks with a cursor this hub issued; only a cursor beyond what this node
            // has seen (issued by another node, or invalid) costs a look-up of the sequence.
            if (sequence > knownLast.get() && sequence > knownLast.accumulateAndGet(lastSequence(), Math::max)) {
                throw new UnknownCursorException("The cursor '" + after + "' is ahead of every event the hub has registered");
            }
            return sequence;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SEQUENCE_OF_EVENT_ID)) {
            statement.setString(1, after);
            String escaped = likePrefix(resource);
            statement.setString(2, resourceIsPrefix ? escaped : escaped.substring(0, escaped.length() - 1));
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new UnknownCursorException("No event with id '" + after + "' exists for this resource");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("The event store could not be read", e);
        }
    }

    /** One page of events in sequence order; the filters are bound as parameters, never spliced into SQL. */
    public EventPage page(EventQuery query) {
        StringBuilder sql = new StringBuilder(PAGE_COLUMNS);
        List<Object> params = new ArrayList<>();
        if (query.resourceIsPrefix()) {
            sql.append("resource LIKE ? ESCAPE '\\'");
            params.add(likePrefix(query.resource()));
        } else {
            sql.append("resource = ?");
            params.add(query.resource());
        }
        sql.append(" AND seq > ?");
        params.add(query.after());
        if (query.subject() != null) {
            sql.append(" AND subject = ?");
            params.add(query.subject());
        }
        if (!query.alternativeSubjects().isEmpty()) {
            sql.append(" AND alternativesubject IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(query.alternativeSubjects().size(), "?")))
                    .append(')');
            params.addAll(query.alternativeSubjects());
        }
        if (!query.types().isEmpty()) {
            sql.append(" AND (");
            for (int i = 0; i < query.types().size(); i++) {
                String type = query.types().get(i);
                sql.append(i == 0 ? "" : " OR ");
                if (type.endsWith("*")) {
                    sql.append("type LIKE ? ESCAPE '\\'");
                    params.add(likePrefix(type.substring(0, type.length() - 1)));
                } else {
                    sql.append("type = ?");
                    params.add(type);
                }
            }
            sql.append(')');
        }
        if (!query.sourcePrefixes().isEmpty()) {
            sql.append(" AND (");
            for (int i = 0; i < query.sourcePrefixes().size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("source LIKE ? ESCAPE '\\'");
                params.add(likePrefix(query.sourcePrefixes().get(i)));
            }
            sql.append(')');
        }
        if (query.from() != null) {
            sql.append(" AND time >= ?");
            params.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" AND time <= ?");
            params.add(query.to());
        }
        sql.append(" ORDER BY seq LIMIT ?");
        params.add(query.size());

        List<StoredEvent> events = new ArrayList<>(query.size());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("The event store could not be read", e);
        }
        long last = events.isEmpty() ? query.after() : events.get(events.size() - 1).sequence();
        return new EventPage(events, last);
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(String[]::new));
    }

    private record Key(String source, String id) {
    }

    /** An event's place in this group: already stored, or new and waiting for its sequence number. */
    private static final class Claim {
        final CloudEvent event;
        final String contentHash;
        final boolean created;
        Registration registration;
        /** The trace context of the publish that claimed a new event. */
        String traceparent;

        Claim(CloudEvent event, String contentHash, boolean created) {
            this.event = event;
            this.contentHash = contentHash;
            this.created = created;
        }

        static Claim stored(String contentHash, Registration original) {
            Claim claim = new Claim(null, contentHash, false);
            claim.registration = original;
            return claim;
        }
    }

    /** Where one event of a request landed: its own new row, or an earlier copy it duplicates. */
    private record Placement(Claim claim, boolean duplicate) {

        Registration registration() {
            Registration registration = claim.registration;
            return duplicate || !claim.created
                    ? new Registration(registration.id(), registration.source(), registration.registeredTime(),
                            registration.sequence(), false)
                    : registration;
        }
    }
}
