package no.budstikke.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's I/O wait, sampled from {@code /proc/stat} every {@value #INTERVAL_MILLIS} ms while a benchmark runs:
 * the share of all CPU time in each interval that the kernel counted as idle with disk I/O outstanding. A delivery
 * follows two fsyncs (PostgreSQL's commit, the broker's journal), so when the disk stops completing writes for a
 * moment every delivery in flight waits with it; this tells those moments apart from the hub's own. On a system
 * without {@code /proc/stat} nothing is sampled and no interval counts as stalled.
 */
final class DiskWait implements AutoCloseable {

    static final long INTERVAL_MILLIS = 250;
    /** An interval in which at least this share of the CPU time was I/O wait counts as a disk stall. */
    static final double STALL_SHARE = 0.20;

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The I/O wait share of each interval, by the interval's end ({@link System#nanoTime}). */
    private final ConcurrentSkipListMap<Long, Double> shares = new ConcurrentSkipListMap<>();
    private final Thread sampler;
    private volatile boolean closed;

    DiskWait() {
        sampler = new Thread(this::sample, "bench-disk-wait");
        sampler.setDaemon(true);
        if (Files.isReadable(PROC_STAT)) {
            sampler.start();
        }
    }

    /** The highest I/O wait share of any interval overlapping {@code [from, to]} (nanoTime), 0 if none sampled. */
    double maxShare(long from, long to) {
        double max = 0;
        // An interval ends at its key and began INTERVAL_MILLIS before it.
        for (double share : shares.subMap(from, true, to + INTERVAL_MILLIS * 1_000_000, true).values()) {
            max = Math.max(max, share);
        }
        return max;
    }

    /** Whether the disk stalled (an interval at or over {@link #STALL_SHARE}) at any time in {@code [from, to]}. */
    boolean stalledDuring(long from, long to) {
        return maxShare(from, to) >= STALL_SHARE;
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }

    private void sample() {
        long[] last = read();
        while (!closed && last != null) {
            LockSupport.parkNanos(INTERVAL_MILLIS * 1_000_000);
            long[] now = read();
            if (now == null) {
                return;
            }
            long total = now[0] - last[0];
            if (total > 0) {
                shares.put(System.nanoTime(), (now[1] - last[1]) / (double) total);
            }
            last = now;
        }
    }

    /** All CPU time and I/O wait time so far (clock ticks, all CPUs), or null if unreadable. */
    private static long[] read() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            // cpu  user nice system idle iowait irq softirq steal ...
            String[] fields = lines.get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                total += Long.parseLong(fields[i]);
            }
            return new long[] {total, Long.parseLong(fields[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
