package no.budstikke.subscription;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** Subscriptions in PostgreSQL; the signing secret is stored but only ever returned on creation. */
public class SubscriptionStore {

    private static final String COLUMNS = "id, consumer, created_by, end_point, resource_filter, source_filter, "
            + "subject_filter, alternative_subject_filter, type_filter, retry_schedule, delivery_timeout, "
            + "max_concurrency, status, created, include_subunits";
    private static final String INSERT = "INSERT INTO subscription (" + COLUMNS + ", signing_secret, fingerprint) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT number, " + COLUMNS + " FROM subscription";
    private static final String BY_ID = SELECT + " WHERE id = ?";
    private static final String BY_NUMBER = SELECT + " WHERE number = ?";
    private static final String BY_FINGERPRINT = SELECT + " WHERE fingerprint = ?";
    private static final String BY_CONSUMER = SELECT + " WHERE consumer = ? ORDER BY number";
    private static final String PAGE_OF_CONSUMER = SELECT + " WHERE consumer = ? AND number > ? ORDER BY number LIMIT ?";
    private static final String DELETE = "DELETE FROM subscription WHERE id = ?";
    private static final String ACTIVE = SELECT + " WHERE status = 'active'";

    private final JdbcTemplate jdbc;

    public SubscriptionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What an insert did: the stored subscription (with its number), and whether this call stored it. */
    public record Insert(Subscription subscription, boolean inserted) {
    }

    /** Inserts the subscription, or returns the one already stored under the same fingerprint. */
    public Insert insertUnlessPresent(Subscription subscription, String signingSecret, String fingerprint) {
        SubscriptionFilter filter = subscription.filter();
        DeliveryPolicy delivery = subscription.delivery();
        GeneratedKeyHolder number = new GeneratedKeyHolder();
        try {
            jdbc.update(connection -> {
                var insert = connection.prepareStatement(INSERT, new String[] {"number"});
                insert.setObject(1, subscription.id());
                insert.setString(2, subscription.consumer());
                insert.setString(3, subscription.createdBy());
                insert.setString(4, subscription.endPoint());
                insert.setString(5, filter.resource());
                insert.setString(6, filter.sourcePrefix());
                insert.setString(7, filter.subject());
                insert.setString(8, filter.alternativeSubject());
                insert.setString(9, filter.type());
                insert.setArray(10, connection.createArrayOf("text",
                        delivery.retrySchedule().stream().map(Duration::toString).toArray()));
                insert.setString(11, delivery.timeout().toString());
                insert.setInt(12, delivery.maxConcurrency());
                insert.setString(13, subscription.status());
                insert.setObject(14, subscription.created());
                insert.setBoolean(15, subscription.includeSubunits());
                insert.setString(16, signingSecret);
                insert.setString(17, fingerprint);
                return insert;
            }, number);
            return new Insert(subscription.withNumber(number.getKeyAs(Long.class)), true);
        } catch (DuplicateKeyException e) {
            return new Insert(jdbc.query(BY_FINGERPRINT, MAPPER, fingerprint).stream().findFirst()
                    .orElseThrow(() -> e), false);
        }
    }

    public Optional<Subscription> find(UUID id) {
        return jdbc.query(BY_ID, MAPPER, id).stream().findFirst();
    }

    /** The subscription the API knows by this number. */
    public Optional<Subscription> find(long number) {
        return jdbc.query(BY_NUMBER, MAPPER, number).stream().findFirst();
    }

    public List<Subscription> ofConsumer(String consumer) {
        return jdbc.query(BY_CONSUMER, MAPPER, consumer);
    }

    /** A page of a consumer's subscriptions in the order of their numbers, after a number. */
    public List<Subscription> ofConsumer(String consumer, long afterNumber, int size) {
        return jdbc.query(PAGE_OF_CONSUMER, MAPPER, consumer, afterNumber, size);
    }

    public long countOfConsumer(String consumer) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM subscription WHERE consumer = ?", Long.class, consumer);
        return count == null ? 0 : count;
    }

    /** How endpoint validation is going: attempts so far, the last failure, and when it is tried next. */
    public java.util.Map<String, Object> validationState(UUID id) {
        return jdbc.queryForMap("SELECT validation_attempts AS attempts, last_validation_error AS \"lastError\", "
                + "next_validation_at AS \"nextAttempt\" FROM subscription WHERE id = ?", id);
    }

    public List<Subscription> active() {
        return jdbc.query(ACTIVE, MAPPER);
    }

    public boolean delete(UUID id) {
        boolean deleted = jdbc.update(DELETE, id) > 0;
        jdbc.update("DELETE FROM delivery_attempt WHERE subscription_id = ?", id);
        return deleted;
    }

    /** The signing secret, for the delivery stage only; never returned through the API after creation. */
    public Optional<String> signingSecret(UUID id) {
        return jdbc.queryForList("SELECT signing_secret FROM subscription WHERE id = ?", String.class, id).stream()
                .findFirst();
    }

    /** Disables an active subscription (its endpoint answered 410 Gone); true when this call changed it. */
    public boolean disable(UUID id) {
        return jdbc.update("UPDATE subscription SET status = 'disabled' WHERE id = ? AND status <> 'disabled'", id) > 0;
    }

    private static final RowMapper<Subscription> MAPPER = (ResultSet rs, int row) -> new Subscription(
            rs.getObject("id", UUID.class),
            rs.getString("consumer"),
            rs.getString("created_by"),
            rs.getString("end_point"),
            new SubscriptionFilter(rs.getString("resource_filter"), rs.getString("source_filter"),
                    rs.getString("subject_filter"), rs.getString("alternative_subject_filter"), rs.getString("type_filter")),
            new DeliveryPolicy(durations(rs.getArray("retry_schedule")), Duration.parse(rs.getString("delivery_timeout")),
                    rs.getInt("max_concurrency")),
            rs.getString("status"),
            rs.getObject("created", OffsetDateTime.class),
            rs.getLong("number"),
            rs.getBoolean("include_subunits"));

    private static List<Duration> durations(Array array) throws SQLException {
        return Arrays.stream((String[]) array.getArray()).map(Duration::parse).toList();
    }
}
