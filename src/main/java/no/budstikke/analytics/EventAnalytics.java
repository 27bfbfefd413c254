package no.budstikke.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import no.budstikke.store.BatchedWriter;
import no.budstikke.store.CheckpointedReader;
import no.budstikke.store.CommittedEvent;

/**
 * Keeps the analytics rollups up to date from committed events: it follows the event table behind its own
 * checkpoint (a {@link CheckpointedReader}, gap-free like the dispatcher) and, in the transaction that moves it,
 * adds each page to the rollups. Events are bucketed by their own {@code time} (a late event lands in the hour it
 * happened), events in by registration. Every step is idempotent, so a page read twice changes nothing: instances
 * and process steps are keyed by instance, and what they contribute is recomputed per affected instance or party
 * before and after the page, the difference applied; the plain counters skip sequence numbers already counted.
 */
public class EventAnalytics {

    static final String APP_RESOURCE = "urn:altinn:resource:app_";
    static final String CREATED = "app.instance.created";
    static final String MOVED_TO = "app.instance.process.movedTo.";
    static final String COMPLETED = "app.instance.process.completed";
    /** The task of a step that ends the process: it closes the last task and opens none. */
    private static final String END = "";
    /** The last hour {@link #hour} wrote out. */
    private static volatile HourText lastHour = new HourText(Long.MIN_VALUE, "");
    private static final Pattern PARTY_IN_SOURCE = Pattern.compile("/instances/([^/]+)/[^/]+/?$");

    private static final String COUNTED = "SELECT counted_seq FROM analytics_progress WHERE name = 'counters'";
    private static final String MOVE_COUNTED = "UPDATE analytics_progress SET counted_seq = ? WHERE name = 'counters'";
    private static final String ADD_EVENTS = "INSERT INTO analytics_events_hour (resource, hour, type, events) "
            + "SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::text[], ?::bigint[]) ON CONFLICT (resource, hour, type) "
            + "DO UPDATE SET events = analytics_events_hour.events + excluded.events";
    private static final String INSERT_INSTANCES = "INSERT INTO analytics_instance (instance, resource, party, created_at) "
            + "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) ON CONFLICT DO NOTHING "
            + "RETURNING instance";
    private static final String ADD_INSTANCES = "INSERT INTO analytics_instances_hour (resource, hour, instances) "
            + "SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::bigint[]) ON CONFLICT (resource, hour) "
            + "DO UPDATE SET instances = analytics_instances_hour.instances + excluded.instances";
    private static final String PARTY_INSTANCES = "SELECT instance, resource, party, created_at FROM analytics_instance "
            + "WHERE party = ANY(?) AND created_at BETWEEN ? AND ?";
    private static final String ADD_RELATIONS = "INSERT INTO analytics_relation_day (from_resource, to_resource, day, "
            + "gap_class, pairs) SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::smallint[], ?::bigint[]) "
            + "ON CONFLICT (from_resource, to_resource, day, gap_class) "
            + "DO UPDATE SET pairs = analytics_relation_day.pairs + excluded.pairs";
    private static final String STEPS = "SELECT instance, at, task, seq, resource FROM analytics_step WHERE instance = ANY(?)";
    private static final String INSERT_STEPS = "INSERT INTO analytics_step (instance, at, task, seq, resource) "
            + "SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::text[], ?::bigint[], ?::text[]) ON CONFLICT DO NOTHING "
            + "RETURNING instance, at, task";
    private static final String ADD_DURATIONS = "INSERT INTO analytics_task_hour (resource, task, hour, bucket, durations, "
            + "total_ms) SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::int[], ?::bigint[], ?::bigint[]) "
            + "ON CONFLICT (resource, task, hour, bucket) DO UPDATE SET "
            + "durations = analytics_task_hour.durations + excluded.durations, "
            + "total_ms = analytics_task_hour.total_ms + excluded.total_ms";
    private static final String ADD_DAY_DURATIONS = "INSERT INTO analytics_task_day (resource, task, day, bucket, "
            + "durations, total_ms) SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::int[], ?::bigint[], "
            + "?::bigint[]) ON CONFLICT (resource, task, day, bucket) DO UPDATE SET "
            + "durations = analytics_task_day.durations + excluded.durations, "
            + "total_ms = analytics_task_day.total_ms + excluded.total_ms";

    private final CheckpointedReader reader;
    private final DataSource dataSource;

    public EventAnalytics(DataSource dataSource, int pageSize) {
        this.reader = new CheckpointedReader(dataSource, "analytics", pageSize, false);
        this.dataSource = dataSource;
    }

    /**
     * Forgets the per-instance detail (process steps, instances) from before the cutoff less the longest relation
     * window; the hourly rollups stay. Detail that old can no longer change a duration or a pair counted since.
     */
    public void forgetBefore(OffsetDateTime cutoff) throws SQLException {
        OffsetDateTime before = cutoff.minus(RelationWindow.LONGEST);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement steps = connection.prepareStatement("DELETE FROM analytics_step WHERE at < ?");
             PreparedStatement instances = connection.prepareStatement("DELETE FROM analytics_instance WHERE created_at < ?")) {
            steps.setObject(1, before);
            steps.executeUpdate();
            instances.setObject(1, before);
            instances.executeUpdate();
        }
    }

    /** Adds the next page of committed events to the rollups; returns how many it read (0: caught up). */
    public int rollUpPage() throws SQLException {
        return reader.nextPage(this::rollUp);
    }

    private void rollUp(Connection connection, List<CommittedEvent> page) throws SQLException {
        countEvents(connection, page);
        List<CommittedEvent> created = new ArrayList<>();
        List<CommittedEvent> steps = new ArrayList<>();
        for (CommittedEvent event : page) {
            if (event.resource().startsWith(APP_RESOURCE)) {
                if (CREATED.equals(event.type())) {
                    created.add(event);
                } else if (COMPLETED.equals(event.type())
                        || (event.type().startsWith(MOVED_TO) && event.type().length() > MOVED_TO.length())) {
                    steps.add(event);
                }
            }
        }
        if (!created.isEmpty()) {
            instances(connection, created);
        }
        if (!steps.isEmpty()) {
            steps(connection, steps);
        }
    }

    /** Events in per resource, type and hour; sequence numbers counted before (a rewound checkpoint) are skipped. */
    private static void countEvents(Connection connection, List<CommittedEvent> page) throws SQLException {
        long counted;
        try (PreparedStatement select = connection.prepareStatement(COUNTED); ResultSet rs = select.executeQuery()) {
            rs.next();
            counted = rs.getLong(1);
        }
        long last = page.get(page.size() - 1).seq();
        if (last <= counted) {
            return;
        }
        Map<List<Object>, Long> counts = new LinkedHashMap<>();
        for (CommittedEvent event : page) {
            if (event.seq() > counted) {
                counts.merge(List.of(event.resource(), hour(event.registeredAt().toInstant()), event.type()), 1L, Long::sum);
            }
        }
        BatchedWriter.executeColumns(connection, ADD_EVENTS, BatchedWriter.countColumns(counts, 3),
                new String[] {"text", "text", "text", "int8"});
        try (PreparedStatement move = connection.prepareStatement(MOVE_COUNTED)) {
            move.setLong(1, last);
            move.executeUpdate();
        }
    }

    /** Instances created: each instance once, then the relations its party's new instances make. */
    private static void instances(Connection connection, List<CommittedEvent> created) throws SQLException {
        Map<String, Usage> byInstance = new LinkedHashMap<>();
        for (CommittedEvent event : created) {
            byInstance.putIfAbsent(event.source(), new Usage(event.source(), event.resource(), party(event), at(event)));
        }
        Object[][] rows = new Object[4][byInstance.size()];
        int i = 0;
        for (Usage usage : byInstance.values()) {
            rows[0][i] = usage.instance();
            rows[1][i] = usage.resource();
            rows[2][i] = usage.party();
            rows[3][i] = usage.at().toString();
            i++;
        }
        List<Usage> fresh = new ArrayList<>();
        try (PreparedStatement insert = prepareColumns(connection, INSERT_INSTANCES, rows,
                new String[] {"text", "text", "text", "text"}); ResultSet rs = insert.executeQuery()) {
            while (rs.next()) {
                fresh.add(byInstance.get(rs.getString(1)));
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Map<List<Object>, Long> perHour = new LinkedHashMap<>();
        for (Usage usage : fresh) {
            perHour.merge(List.of(usage.resource(), hour(usage.at())), 1L, Long::sum);
        }
        BatchedWriter.executeColumns(connection, ADD_INSTANCES, BatchedWriter.countColumns(perHour, 2),
                new String[] {"text", "text", "int8"});
        relations(connection, fresh.stream().filter(usage -> usage.party() != null).toList());
    }

    /**
     * Relations: for each instance a party created, each other app the party used last within the longest window
     * before it counts one pair. A new instance can be the later end of pairs and — when it arrives late — the
     * nearer earlier end of pairs already counted, so the pairs of every instance it can touch are counted before
     * and after it is added, and the difference applied.
     */
    private static void relations(Connection connection, List<Usage> fresh) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        Instant first = fresh.stream().map(Usage::at).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = fresh.stream().map(Usage::at).max(Comparator.naturalOrder()).orElseThrow();
        Set<String> freshInstances = new HashSet<>();
        Set<String> parties = new HashSet<>();
        fresh.forEach(usage -> {
            freshInstances.add(usage.instance());
            parties.add(usage.party());
        });
        Map<String, List<Usage>> byParty = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(PARTY_INSTANCES)) {
            select.setArray(1, connection.createArrayOf("text", parties.toArray()));
            select.setObject(2, OffsetDateTime.ofInstant(first.minus(RelationWindow.LONGEST), java.time.ZoneOffset.UTC));
            select.setObject(3, OffsetDateTime.ofInstant(last.plus(RelationWindow.LONGEST), java.time.ZoneOffset.UTC));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Usage usage = new Usage(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant());
                    byParty.computeIfAbsent(usage.party(), p -> new ArrayList<>()).add(usage);
                }
            }
        }
        Instant until = last.plus(RelationWindow.LONGEST);
        Map<List<Object>, Long> delta = new LinkedHashMap<>();
        for (List<Usage> after : byParty.values()) {
            List<Usage> before = after.stream().filter(usage -> !freshInstances.contains(usage.instance())).toList();
            addPairs(delta, after, first, until, 1);
            addPairs(delta, before, first, until, -1);
        }
        delta.values().removeIf(count -> count == 0);
        if (!delta.isEmpty()) {
            BatchedWriter.executeColumns(connection, ADD_RELATIONS, BatchedWriter.countColumns(delta, 4),
                    new String[] {"text", "text", "text", "int2", "int8"});
        }
    }

    /** The pairs ending in the party's instances created within [from, until], weighted by sign. */
    private static void addPairs(Map<List<Object>, Long> pairs, List<Usage> usages, Instant from, Instant until, long sign) {
        List<Usage> sorted = new ArrayList<>(usages);
        sorted.sort(Comparator.comparing(Usage::at).thenComparing(Usage::instance));
        for (int i = 0; i < sorted.size(); i++) {
            Usage later = sorted.get(i);
            if (later.at().isBefore(from) || later.at().isAfter(until)) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (int j = i - 1; j >= 0; j--) {
                Usage earlier = sorted.get(j);
                if (!earlier.at().isBefore(later.at())) {
                    continue;
                }
                RelationWindow window = RelationWindow.of(Duration.between(earlier.at(), later.at()));
                if (window == null) {
                    break;
                }
                if (!earlier.resource().equals(later.resource()) && seen.add(earlier.resource())) {
                    pairs.merge(List.of(earlier.resource(), later.resource(), day(later.at()), (short) window.ordinal()),
                            sign, Long::sum);
                }
            }
        }
    }

    /**
     * Process steps: a step is stored once per instance, time and task; the durations of every instance that got a
     * new step are computed before and after, and the difference goes into the task histograms — which moves a
     * duration split by a late step out of its old bucket.
     */
    private static void steps(Connection connection, List<CommittedEvent> events) throws SQLException {
        Map<Step.Key, Step> fresh = new LinkedHashMap<>();
        for (CommittedEvent event : events) {
            String task = COMPLETED.equals(event.type()) ? END : event.type().substring(MOVED_TO.length());
            Step step = new Step(event.source(), at(event), task, event.seq(), event.resource());
            fresh.putIfAbsent(step.key(), step);
        }
        Set<String> instances = new HashSet<>();
        fresh.values().forEach(step -> instances.add(step.instance()));
        Map<String, List<Step>> existing = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(STEPS)) {
            select.setArray(1, connection.createArrayOf("text", instances.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Step step = new Step(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getLong(4), rs.getString(5));
                    existing.computeIfAbsent(step.instance(), k -> new ArrayList<>()).add(step);
                }
            }
        }
        Object[][] rows = new Object[5][fresh.size()];
        int i = 0;
        for (Step step : fresh.values()) {
            rows[0][i] = step.instance();
            rows[1][i] = step.at().toString();
            rows[2][i] = step.task();
            rows[3][i] = step.seq();
            rows[4][i] = step.resource();
            i++;
        }
        Map<String, List<Step>> inserted = new HashMap<>();
        try (PreparedStatement insert = prepareColumns(connection, INSERT_STEPS, rows,
                new String[] {"text", "text", "text", "int8", "text"}); ResultSet rs = insert.executeQuery()) {
            while (rs.next()) {
                Step step = fresh.get(new Step.Key(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3)));
                inserted.computeIfAbsent(step.instance(), k -> new ArrayList<>()).add(step);
            }
        }
        Map<List<Object>, long[]> delta = new LinkedHashMap<>();
        for (Map.Entry<String, List<Step>> entry : inserted.entrySet()) {
            List<Step> before = existing.getOrDefault(entry.getKey(), List.of());
            List<Step> after = new ArrayList<>(before);
            after.addAll(entry.getValue());
            addDurations(delta, before, -1);
            addDurations(delta, after, 1);
        }
        delta.values().removeIf(sums -> sums[0] == 0 && sums[1] == 0);
        if (delta.isEmpty()) {
            return;
        }
        // The same difference by day, in the same transaction: a day row stays the sum of its hours.
        Map<List<Object>, long[]> dayDelta = new LinkedHashMap<>();
        delta.forEach((key, sums) -> {
            long[] day = dayDelta.computeIfAbsent(List.of(key.get(0), key.get(1),
                    day(Instant.parse((String) key.get(2))), key.get(3)), k -> new long[2]);
            day[0] += sums[0];
            day[1] += sums[1];
        });
        dayDelta.values().removeIf(sums -> sums[0] == 0 && sums[1] == 0);
        String[] types = {"text", "text", "text", "int4", "int8", "int8"};
        BatchedWriter.executeColumns(connection, ADD_DURATIONS, histogramColumns(delta), types);
        if (!dayDelta.isEmpty()) {
            BatchedWriter.executeColumns(connection, ADD_DAY_DURATIONS, histogramColumns(dayDelta), types);
        }
    }

    /** Histogram differences keyed by (resource, task, hour or day, bucket) as the columns of an unnest insert. */
    private static Object[][] histogramColumns(Map<List<Object>, long[]> delta) {
        Object[][] columns = new Object[6][delta.size()];
        int i = 0;
        for (Map.Entry<List<Object>, long[]> entry : delta.entrySet()) {
            for (int c = 0; c < 4; c++) {
                columns[c][i] = entry.getKey().get(c);
            }
            columns[4][i] = entry.getValue()[0];
            columns[5][i] = entry.getValue()[1];
            i++;
        }
        return columns;
    }

    /** The time from each task's step to the instance's next step, counted in the hour the task was entered. */
    private static void addDurations(Map<List<Object>, long[]> histogram, List<Step> steps, long sign) {
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparing(Step::at).thenComparingLong(Step::seq));
        for (int i = 0; i + 1 < sorted.size(); i++) {
            Step step = sorted.get(i);
            if (step.task().equals(END)) {
                continue;
            }
            long millis = Duration.between(step.at(), sorted.get(i + 1).at()).toMillis();
            long[] sums = histogram.computeIfAbsent(List.of(step.resource(), step.task(), hour(step.at()),
                    DurationHistogram.bucket(millis)), k -> new long[2]);
            sums[0] += sign;
            sums[1] += sign * millis;
        }
    }

    private static PreparedStatement prepareColumns(Connection connection, String sql, Object[][] columns,
            String[] types) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int c = 0; c < columns.length; c++) {
            statement.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
        }
        return statement;
    }

    /** When the event happened: its own time (late events land where they belong), else its registration. */
    private static Instant at(CommittedEvent event) {
        OffsetDateTime time = event.time() != null ? event.time() : event.registeredAt();
        return time.toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String party(CommittedEvent event) {
        if (event.subject() != null && !event.subject().isBlank()) {
            return event.subject();
        }
        Matcher matcher = PARTY_IN_SOURCE.matcher(event.source());
        return matcher.find() ? "/party/" + matcher.group(1) : null;
    }

    /**
     * The hour as text, e.g. {@code 2026-12-01T00:00:00Z}. The rollup asks for it once per event, nearly always for
     * the same hour as the event before, so the last one's text is kept (formatting it anew was 7 % of the hub's
     * CPU in a profile of batch publishing).
     */
    static String hour(Instant at) {
        long epochHour = Math.floorDiv(at.getEpochSecond(), 3600);
        HourText last = lastHour;
        if (last.epochHour() != epochHour) {
            last = new HourText(epochHour, Instant.ofEpochSecond(epochHour * 3600).toString());
            lastHour = last;
        }
        return last.text();
    }

    private record HourText(long epochHour, String text) {
    }

    static String day(Instant at) {
        return at.truncatedTo(ChronoUnit.DAYS).toString();
    }

    /** An app instance a party created, and when. */
    private record Usage(String instance, String resource, String party, Instant at) {
    }

    /** One process step of an instance; {@code task} is empty for the step that completes the process. */
    private record Step(String instance, Instant at, String task, long seq, String resource) {

        Key key() {
            return new Key(instance, at, task);
        }

        record Key(String instance, Instant at, String task) {
        }
    }
}
