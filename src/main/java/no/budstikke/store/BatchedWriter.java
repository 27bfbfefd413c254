package no.budstikke.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records that nobody should wait for (log lines) in batches, from one thread: callers hand a record over
 * and go on; the thread takes everything handed over since its last write and stores it in one transaction.
 * A full queue drops records (counted) rather than slow the callers down; a failed write is tried again.
 */
public final class BatchedWriter<T> implements AutoCloseable {

    /** Stores one batch on the connection given (inside a transaction the writer commits). */
    public interface Batch<T> {
        void write(Connection connection, List<T> records) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchedWriter.class);

    private final String name;
    private final DataSource dataSource;
    private final Batch<T> batch;
    private final int maxBatch;
    private final BlockingQueue<Entry<T>> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    public BatchedWriter(String name, DataSource dataSource, int capacity, int maxBatch, Batch<T> batch) {
        this.name = name;
        this.dataSource = dataSource;
        this.batch = batch;
        this.maxBatch = maxBatch;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.writer = new Thread(this::run, "budstikke-" + name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void add(T record) {
        add(record, null);
    }

    /** Hands the record over; {@code stored} runs once it is committed (or dropped), on the writer's thread. */
    public void add(T record, Runnable stored) {
        if (!queue.offer(new Entry<>(record, stored))) {
            dropped.incrementAndGet();
            if (stored != null) {
                stored.run();
            }
        }
    }

    private record Entry<T>(T record, Runnable stored) {
    }

    /** Records that could not be kept because the database fell too far behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Runs one statement over whole columns: {@code sql} takes one array parameter per column (unnest). */
    public static void executeColumns(Connection connection, String sql, Object[][] columns, String[] types)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int c = 0; c < columns.length; c++) {
                statement.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            statement.executeUpdate();
        }
    }

    /**
     * Counts by key — each key {@code keyColumns} values — as the columns of an unnest upsert: the key's values,
     * then its count.
     */
    public static Object[][] countColumns(Map<? extends List<?>, Long> counts, int keyColumns) {
        Object[][] columns = new Object[keyColumns + 1][counts.size()];
        int i = 0;
        for (Map.Entry<? extends List<?>, Long> entry : counts.entrySet()) {
            for (int c = 0; c < keyColumns; c++) {
                columns[c][i] = entry.getKey().get(c);
            }
            columns[keyColumns][i] = entry.getValue();
            i++;
        }
        return columns;
    }

    private void run() {
        List<Entry<T>> entries = new ArrayList<>();
        List<T> records = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                if (entries.isEmpty()) {
                    Entry<T> first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    entries.add(first);
                    queue.drainTo(entries, maxBatch - 1);
                    records.clear();
                    entries.forEach(entry -> records.add(entry.record()));
                }
                write(records);
                for (Entry<T> entry : entries) {
                    if (entry.stored() != null) {
                        entry.stored().run();
                    }
                }
                entries.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Writing {} records of the {} failed ({}); trying again", records.size(), name, e.toString());
                RetryPause.take();
            }
        }
    }

    private void write(List<T> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                batch.write(connection, records);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(5000);
    }
}
