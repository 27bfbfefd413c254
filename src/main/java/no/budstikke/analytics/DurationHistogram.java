package no.budstikke.analytics;

import java.util.Map;
import java.util.SortedMap;

/**
 * The buckets the time spent in a task is counted in: logarithmic, so a median or p90 read back from summed
 * histograms is within 1 % of the exact value, whatever the period — and a histogram, unlike a list of
 * durations, can be added to and subtracted from one event at a time.
 */
public final class DurationHistogram {

    /** Each bucket spans a factor γ; its representative is within (γ-1)/(γ+1) ≈ 1 % of every value in it. */
    static final double GAMMA = 1.0202;
    private static final double LOG_GAMMA = Math.log(GAMMA);

    private DurationHistogram() {
    }

    /** Bucket 0 holds zero durations; bucket b > 0 holds (γ^(b-2), γ^(b-1)] milliseconds. */
    public static int bucket(long millis) {
        if (millis <= 0) {
            return 0;
        }
        // The small tolerance keeps exact powers of γ, blurred by floating point, in their own bucket.
        return 1 + (int) Math.ceil(Math.log(millis) / LOG_GAMMA - 1e-9);
    }

    /** The value a bucket stands for, in milliseconds. */
    public static long representative(int bucket) {
        return bucket == 0 ? 0 : Math.round(2 * Math.pow(GAMMA, bucket - 1) / (GAMMA + 1));
    }

    /** The nearest-rank quantile {@code q} (0 < q ≤ 1) of a histogram (bucket → count), or null when it is empty. */
    public static Long quantile(SortedMap<Integer, Long> histogram, double q) {
        long total = 0;
        for (long count : histogram.values()) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> bucket : histogram.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                return representative(bucket.getKey());
            }
        }
        return representative(histogram.lastKey());
    }
}
