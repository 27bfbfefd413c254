package no.budstikke.store;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps the monthly partitions of the event table: creates the coming months ahead of time and drops whole
 * months once they are entirely older than the retention (no row-by-row deletes).
 */
public class EventPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(EventPartitions.class);
    private static final Pattern PARTITION_NAME = Pattern.compile("event_(\\d{4})_(\\d{2})");
    private static final String LIST_PARTITIONS = """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'event'::regclass""";

    private final JdbcTemplate jdbc;

    public EventPartitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Ensures partitions exist from this month up to {@code monthsAhead} months from now (UTC). */
    public void ensureAhead(int monthsAhead) {
        YearMonth current = YearMonth.now(ZoneOffset.UTC);
        for (int i = 0; i <= monthsAhead; i++) {
            ensure(current.plusMonths(i));
        }
    }

    /** Creates the partition for one month if it is missing; safe when several nodes race to create it. */
    public void ensure(YearMonth month) {
        // The name and bounds come from a YearMonth, never from input, so formatting them into DDL is safe.
        String ddl = String.format(
                "CREATE TABLE IF NOT EXISTS %s PARTITION OF event FOR VALUES FROM ('%s') TO ('%s')",
                name(month), start(month), start(month.plusMonths(1)));
        try {
            jdbc.execute(ddl);
        } catch (org.springframework.dao.DataAccessException e) {
            if (!partitions().contains(name(month))) {
                throw e;
            }
        }
    }

    /** Drops every partition whose whole month ends at or before {@code cutoff}; returns their names. */
    public List<String> dropEndingBefore(OffsetDateTime cutoff) {
        List<String> dropped = new ArrayList<>();
        for (String partition : partitions()) {
            Matcher matcher = PARTITION_NAME.matcher(partition);
            if (!matcher.matches()) {
                continue;
            }
            YearMonth month = YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
            if (!start(month.plusMonths(1)).isAfter(cutoff)) {
                jdbc.execute("DROP TABLE IF EXISTS " + partition);
                dropped.add(partition);
                LOG.info("Retention dropped partition {} (events registered in {})", partition, month);
            }
        }
        return dropped;
    }

    public List<String> partitions() {
        return jdbc.queryForList(LIST_PARTITIONS, String.class);
    }

    private static String name(YearMonth month) {
        return String.format("event_%04d_%02d", month.getYear(), month.getMonthValue());
    }

    private static OffsetDateTime start(YearMonth month) {
        return month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
