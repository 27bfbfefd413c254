package no.budstikke.analytics;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the analytics rollups for the API: sums of hourly rows per hour or day (the task durations by day from
 * their daily rollup), for the resources a caller may see ({@code null}: all). Only buckets with something in
 * them are listed.
 */
public class AnalyticsReports {

    private static final String SCOPE = " AND (?::text[] IS NULL OR %s = ANY(?::text[]))";

    private final JdbcTemplate jdbc;

    public AnalyticsReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Instances created per app and bucket. */
    public List<Map<String, Object>> instances(List<String> resources, AnalyticsRange range) {
        return series("SELECT resource, NULL, date_trunc(?, hour, 'UTC'), sum(instances) FROM analytics_instances_hour "
                + "WHERE hour >= ? AND hour < ?" + SCOPE.formatted("resource") + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                resources, range, null, "instances");
    }

    /** Events in per resource, type and bucket. */
    public List<Map<String, Object>> events(List<String> resources, AnalyticsRange range) {
        return series("SELECT resource, type, date_trunc(?, hour, 'UTC'), sum(events) FROM analytics_events_hour "
                + "WHERE hour >= ? AND hour < ?" + SCOPE.formatted("resource") + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                resources, range, "type", "events");
    }

    /** Deliveries per resource, outcome and bucket. */
    public List<Map<String, Object>> deliveries(List<String> resources, AnalyticsRange range) {
        return series("SELECT resource, outcome, date_trunc(?, hour, 'UTC'), sum(deliveries) FROM analytics_delivery_hour "
                + "WHERE hour >= ? AND hour < ?" + SCOPE.formatted("resource") + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                resources, range, "outcome", "deliveries");
    }

    /**
     * Time in each process task per app: count, median, p90 and mean per bucket and over the whole range. A range
     * by day covers whole days ({@link AnalyticsRange#covering}), so it reads the daily histograms, 24 times fewer
     * rows than the hourly ones it equals.
     */
    public List<Map<String, Object>> tasks(List<String> resources, AnalyticsRange range) {
        String[] scope = scope(resources);
        Map<String, Map<String, TaskSeries>> apps = new LinkedHashMap<>();
        boolean byDay = AnalyticsRange.DAY.equals(range.period());
        String table = byDay ? "analytics_task_day" : "analytics_task_hour";
        String time = byDay ? "day" : "hour";
        jdbc.query(("SELECT resource, task, %2$s, bucket, sum(durations), sum(total_ms) FROM %1$s "
                + "WHERE %2$s >= ? AND %2$s < ?").formatted(table, time) + SCOPE.formatted("resource")
                + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4", rs -> {
                    TaskSeries task = apps.computeIfAbsent(rs.getString(1), r -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), TaskSeries::new);
                    task.add(instant(rs.getTimestamp(3)), rs.getInt(4), rs.getLong(5), rs.getLong(6));
                }, range.fromTime(), range.toTime(), scope, scope);
        List<Map<String, Object>> result = new ArrayList<>();
        apps.forEach((resource, tasks) -> {
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("resource", resource);
            app.put("tasks", tasks.values().stream().map(TaskSeries::view).filter(view -> view != null).toList());
            result.add(app);
        });
        return result;
    }

    /** The heaviest directed pairs of apps used one after the other by the same party within the window. */
    public List<Map<String, Object>> relations(List<String> resources, RelationWindow window, AnalyticsRange range, int top) {
        String[] scope = scope(resources);
        return jdbc.query("SELECT from_resource, to_resource, sum(pairs) FROM analytics_relation_day "
                + "WHERE day >= ? AND day < ? AND gap_class <= ?" + SCOPE.formatted("from_resource")
                + SCOPE.formatted("to_resource") + " GROUP BY 1, 2 HAVING sum(pairs) > 0 ORDER BY 3 DESC, 1, 2 LIMIT ?",
                (rs, n) -> {
                    Map<String, Object> pair = new LinkedHashMap<>();
                    pair.put("from", rs.getString(1));
                    pair.put("to", rs.getString(2));
                    pair.put("weight", rs.getLong(3));
                    return pair;
                }, range.fromTime(), range.toTime(), window.ordinal(), scope, scope, scope, scope, top);
    }

    /** Rows of (resource, series or null, bucket start, value) as resources with their series of buckets. */
    private List<Map<String, Object>> series(String sql, List<String> resources, AnalyticsRange range, String seriesName,
            String valueName) {
        String[] scope = scope(resources);
        Map<String, Map<String, Object>> byResource = new LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            String resource = rs.getString(1);
            long value = rs.getLong(4);
            Map<String, Object> entry = byResource.computeIfAbsent(resource, r -> group("resource", r, seriesName));
            entry.merge("total", value, (a, b) -> (Long) a + (Long) b);
            Map<String, Object> series = entry;
            if (seriesName != null) {
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> all = (Map<String, Map<String, Object>>) entry.get(seriesName + "s");
                series = all.computeIfAbsent(rs.getString(2), s -> group(seriesName, s, null));
                series.merge("total", value, (a, b) -> (Long) a + (Long) b);
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> buckets = (List<Map<String, Object>>) series.get("buckets");
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("start", instant(rs.getTimestamp(3)));
            bucket.put(valueName, value);
            buckets.add(bucket);
        }, range.period(), range.fromTime(), range.toTime(), scope, scope);
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> entry : byResource.values()) {
            if (seriesName != null) {
                entry.put(seriesName + "s", new ArrayList<>(((Map<?, ?>) entry.get(seriesName + "s")).values()));
            }
            result.add(entry);
        }
        return result;
    }

    private static Map<String, Object> group(String keyName, String key, String seriesName) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put(keyName, key);
        group.put("total", 0L);
        if (seriesName != null) {
            group.put(seriesName + "s", new LinkedHashMap<String, Map<String, Object>>());
        } else {
            group.put("buckets", new ArrayList<Map<String, Object>>());
        }
        return group;
    }

    private static String[] scope(List<String> resources) {
        return resources == null ? null : resources.toArray(String[]::new);
    }

    private static String instant(Timestamp timestamp) {
        return timestamp.toInstant().toString();
    }

    /** One task's histograms: per bucket of time, and summed over the range. */
    private static final class TaskSeries {

        private final String task;
        private final SortedMap<Integer, Long> overall = new TreeMap<>();
        private final Map<String, SortedMap<Integer, Long>> perBucket = new LinkedHashMap<>();
        private final Map<String, long[]> sums = new LinkedHashMap<>();

        TaskSeries(String task) {
            this.task = task;
        }

        void add(String start, int bucket, long durations, long totalMillis) {
            overall.merge(bucket, durations, Long::sum);
            perBucket.computeIfAbsent(start, s -> new TreeMap<>()).merge(bucket, durations, Long::sum);
            long[] sum = sums.computeIfAbsent(start, s -> new long[2]);
            sum[0] += durations;
            sum[1] += totalMillis;
        }

        /** The task's summary and buckets, or null when nothing of it is left in the range. */
        Map<String, Object> view() {
            List<Map<String, Object>> buckets = new ArrayList<>();
            long count = 0;
            long total = 0;
            for (Map.Entry<String, SortedMap<Integer, Long>> entry : perBucket.entrySet()) {
                long[] sum = sums.get(entry.getKey());
                if (sum[0] <= 0) {
                    continue;
                }
                count += sum[0];
                total += sum[1];
                Map<String, Object> bucket = summary("start", entry.getKey(), entry.getValue(), sum[0], sum[1]);
                buckets.add(bucket);
            }
            if (count == 0) {
                return null;
            }
            Map<String, Object> view = summary("task", task, overall, count, total);
            view.put("buckets", buckets);
            return view;
        }

        private static Map<String, Object> summary(String keyName, String key, SortedMap<Integer, Long> histogram,
                long count, long totalMillis) {
            histogram.values().removeIf(n -> n <= 0);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put(keyName, key);
            summary.put("count", count);
            summary.put("medianMs", DurationHistogram.quantile(histogram, 0.5));
            summary.put("p90Ms", DurationHistogram.quantile(histogram, 0.9));
            summary.put("meanMs", Math.round((double) totalMillis / count));
            return summary;
        }
    }
}
