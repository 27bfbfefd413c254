package no.budstikke.connector;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import no.budstikke.event.CloudEventCodec;
import no.budstikke.event.FieldError;
import no.budstikke.event.Refusal;
import no.budstikke.store.ConflictingEventException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the legacy outbox route ({@code connector-outbox}): {@link #claim} opens the poll's unit of work
 * on the legacy database and turns its rows into CloudEvents (parking those that cannot be), {@link #complete}
 * marks them done once the hub has committed, and {@link #failed} rolls back and waits out the backoff. The legacy
 * database is reached through the connector's own small pool, built at the first poll, never the hub's.
 */
public final class LegacyOutbox implements AutoCloseable {

    /** The connector's name in the hub's checkpoints and parked entries, and in the legacy checkpoint table. */
    public static final String CONNECTOR = "outbox";
    /** Exchange property: the poll's open {@link OutboxClaim} and the rows it sends. */
    public static final String CLAIM = "BudstikkeOutboxClaim";
    /** Header: how many events the poll sends to the hub (0: nothing to publish, only marks to commit). */
    public static final String EVENTS = "BudstikkeOutboxEvents";

    private static final Logger LOG = LoggerFactory.getLogger(LegacyOutbox.class);
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /** A poll in flight: its unit of work and the rows whose events went to the hub, in the batch's order. */
    private record Poll(OutboxClaim claim, List<OutboxRow> sent) {
    }

    private final OutboxSettings settings;
    private final OutboxEventMapper mapper;
    private final CloudEventCodec codec;
    private final ConnectorState state;
    private final Backoff backoff;
    private HikariDataSource pool;

    public LegacyOutbox(OutboxSettings settings, OutboxEventMapper mapper, CloudEventCodec codec, ConnectorState state,
            Backoff backoff) {
        this.settings = settings;
        this.mapper = mapper;
        this.codec = codec;
        this.state = state;
        this.backoff = backoff;
    }

    /** Leaves the events as a JSON array in the body and their number in {@value #EVENTS}; none while backing off. */
    public void claim(Exchange exchange) throws SQLException {
        Message in = exchange.getIn();
        in.setHeader(EVENTS, 0);
        in.setBody("[]");
        if (!backoff.ready()) {
            return;
        }
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The legacy outbox connector is not configured: " + String.join("; ", problems));
        }
        OutboxClaim claim = OutboxClaim.open(pool().getConnection(), settings.table(), settings.checkpointTable(),
                CONNECTOR, settings.batchSize());
        Poll poll = new Poll(claim, new ArrayList<>());
        exchange.setProperty(CLAIM, poll);
        ArrayNode events = codec.mapper().createArrayNode();
        for (OutboxRow row : claim.rows()) {
            OutboxEventMapper.Mapping mapping = mapper.map(row);
            if (mapping.event() == null) {
                park(claim, row, mapping.problem());
            } else {
                poll.sent().add(row);
                events.add(mapping.event());
            }
        }
        in.setHeader(EVENTS, events.size());
        in.setBody(codec.write(events));
    }

    /** After the hub committed the events (or there were none): marks the rows and moves the checkpoints. */
    public void complete(Exchange exchange) throws SQLException {
        Poll poll = exchange.getProperty(CLAIM, Poll.class);
        if (poll == null) {
            return;
        }
        exchange.removeProperty(CLAIM);
        poll.sent().forEach(row -> poll.claim().published(row.id()));
        finish(poll.claim());
    }

    /**
     * A poll that failed. Rows a {@link Refusal} of the hub names (by batch index, or by id for a conflict) are
     * parked with its explanation and the rest left for the next poll; any other failure — and a refusal that names
     * no row, such as a publisher the policy does not allow — rolls back and backs off, losing nothing.
     */
    public void failed(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Poll poll = exchange.getProperty(CLAIM, Poll.class);
        exchange.removeProperty(CLAIM);
        if (poll != null && poll.claim().isOpen()) {
            List<OutboxRow> refused = refusedRows(poll, failure);
            if (!refused.isEmpty()) {
                try {
                    for (OutboxRow row : refused) {
                        park(poll.claim(), row, "the hub refused the event: " + ((Refusal) failure).explanation());
                    }
                    finish(poll.claim());
                    return;
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                }
            }
            poll.claim().abandon();
        }
        Duration wait = backoff.failed();
        // Class and message only: a stack trace of a mapping failure could quote row data.
        LOG.warn("Legacy outbox poll failed ({} in a row), next attempt in {}: {}", backoff.failures(), wait,
                describe(failure));
    }

    /** Failures in a row since the legacy database last answered. */
    public int consecutiveFailures() {
        return backoff.failures();
    }

    private void park(OutboxClaim claim, OutboxRow row, String reason) {
        state.park(CONNECTOR, Long.toString(row.id()), reason, mapper.describe(row));
        claim.parked(row.id());
    }

    private void finish(OutboxClaim claim) throws SQLException {
        long position = claim.finish();
        if (position >= 0) {
            state.advance(CONNECTOR, Long.toString(position));
        }
        backoff.succeeded();
    }

    /** The sent rows a hub refusal names: by event id for a conflict, by batch index for anything else. */
    private static List<OutboxRow> refusedRows(Poll poll, Throwable failure) {
        Set<OutboxRow> rows = new LinkedHashSet<>();
        if (failure instanceof ConflictingEventException conflict) {
            poll.sent().stream().filter(row -> Long.toString(row.id()).equals(conflict.id())).forEach(rows::add);
        } else if (failure instanceof Refusal refusal) {
            List<String> places = new ArrayList<>();
            places.add(String.valueOf(refusal.getMessage()));
            refusal.errors().stream().map(FieldError::field).forEach(places::add);
            for (String place : places) {
                Matcher index = INDEX.matcher(place);
                if (index.find()) {
                    int i = Integer.parseInt(index.group(1));
                    if (i < poll.sent().size()) {
                        rows.add(poll.sent().get(i));
                    }
                }
            }
        }
        return List.copyOf(rows);
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String message = failure instanceof Refusal refusal ? refusal.explanation() : failure.getMessage();
        return failure.getClass().getSimpleName() + ": " + message;
    }

    private synchronized HikariDataSource pool() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("budstikke-outbox");
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.username());
            config.setPassword(settings.password());
            config.setMaximumPoolSize(settings.maxPoolSize());
            // No idle connections kept and no connection needed to start: a legacy database that is down must not
            // stop the hub, only this connector (which backs off).
            config.setMinimumIdle(0);
            config.setInitializationFailTimeout(-1);
            long timeout = Math.max(250, settings.connectTimeout().toMillis());
            config.setConnectionTimeout(timeout);
            config.setValidationTimeout(Math.min(timeout, 5000));
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
