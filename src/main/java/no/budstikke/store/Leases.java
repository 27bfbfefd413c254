package no.budstikke.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Work that one hub node should do at a time, held as lease rows in PostgreSQL: the holder renews its leases every
 * {@code renewEvery}, any node takes over a lease whose {@code ttl} ran out, and a node that cannot renew (dead, or
 * cut off from the database) stops trusting its lease when the time it asked for has passed on its own clock.
 */
public class Leases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    // Takes the lease when it is free or expired, renews it when this node holds it; a row back means it is ours.
    private static final String TAKE_OR_RENEW = """
            INSERT INTO lease (name, holder, expires_at) VALUES (?, ?, now() + ? * interval '1 millisecond')
            ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
                   taken_at = CASE WHEN lease.holder = EXCLUDED.holder THEN lease.taken_at ELSE now() END
             WHERE lease.holder = EXCLUDED.holder OR lease.expires_at < now()
            RETURNING holder""";

    private final JdbcTemplate jdbc;
    private final String holder;
    private final Duration ttl;
    // Per lease: until when (System.nanoTime) this node may act on it; absent or past means not ours.
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;
    private volatile boolean closed;

    /** Leases held as {@code holder} (unique per node and start), each asked for {@code ttl} at a time. */
    public Leases(JdbcTemplate jdbc, String holder, Duration ttl, Duration renewEvery) {
        if (renewEvery.compareTo(ttl.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("lease renewal (" + renewEvery + ") must come within half the ttl (" + ttl + ")");
        }
        this.jdbc = jdbc;
        this.holder = holder;
        this.ttl = ttl;
        this.renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "budstikke-leases");
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleWithFixedDelay(this::renewAll, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Whether this node holds the lease now. The first question about a lease asks the database at once; after that
     * the renewer keeps the answer current, so asking is cheap enough for every timer tick.
     */
    public boolean holds(String name) {
        if (closed) {
            return false;
        }
        Long until = heldUntil.get(name);
        if (until == null) {
            heldUntil.putIfAbsent(name, Long.MIN_VALUE);
            takeOrRenew(name);
            until = heldUntil.get(name);
        }
        return until != Long.MIN_VALUE && until - System.nanoTime() > 0;
    }

    public String holder() {
        return holder;
    }

    /** The holder of every lease known to the database, and until when; for the admin view and for tests. */
    public List<Map<String, Object>> all() {
        return jdbc.queryForList("SELECT name, holder, taken_at, expires_at, expires_at > now() AS live FROM lease ORDER BY name");
    }

    void renewAll() {
        for (String name : heldUntil.keySet()) {
            takeOrRenew(name);
        }
    }

    private void takeOrRenew(String name) {
        // Measured before the statement is sent, so the local end is never later than the one the database keeps.
        long asked = System.nanoTime();
        boolean wasHeld = isLive(heldUntil.get(name));
        try {
            boolean ours = !jdbc.queryForList(TAKE_OR_RENEW, String.class, name, holder, ttl.toMillis()).isEmpty();
            heldUntil.put(name, ours ? asked + ttl.toNanos() : Long.MIN_VALUE);
            if (ours && !wasHeld) {
                LOG.info("This node ({}) took the lease {}", holder, name);
            } else if (!ours && wasHeld) {
                LOG.warn("This node ({}) lost the lease {} to another node", holder, name);
            }
        } catch (DataAccessException e) {
            // Keep the local end: the lease stays ours until it would expire in the database anyway.
            LOG.warn("Could not renew the lease {}: {}", name, e.getMessage());
        }
    }

    private static boolean isLive(Long until) {
        return until != null && until != Long.MIN_VALUE && until - System.nanoTime() > 0;
    }

    /** Stops renewing and gives the leases back, so that other nodes take them over at once instead of after the ttl. */
    @Override
    public void close() {
        closed = true;
        renewer.shutdownNow();
        try {
            int released = jdbc.update("DELETE FROM lease WHERE holder = ?", holder);
            if (released > 0) {
                LOG.info("This node ({}) gave back {} lease(s)", holder, released);
            }
        } catch (DataAccessException e) {
            LOG.warn("Could not give the leases back (they expire by themselves): {}", e.getMessage());
        }
        heldUntil.clear();
    }
}
