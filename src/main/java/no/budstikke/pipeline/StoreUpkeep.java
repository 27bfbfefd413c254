package no.budstikke.pipeline;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;

import no.budstikke.authorization.AuditLog;
import no.budstikke.delivery.DeliveryLog;
import no.budstikke.store.EventPartitions;
import no.budstikke.store.Leases;
import no.budstikke.store.RefusalLog;

/**
 * Store upkeep on the node that holds the lease {@value #LEASE}: when it takes the lease and then every
 * {@code every}, it creates coming months' partitions, drops expired ones, and forgets deliveries, audit
 * entries and refusal counts past retention.
 */
public final class StoreUpkeep {

    public static final String LEASE = "partition-upkeep";

    private final EventPartitions partitions;
    private final DeliveryLog deliveryLog;
    private final AuditLog auditLog;
    private final RefusalLog refusalLog;
    private final Leases leases;
    private final Period retention;
    private final int partitionsAhead;
    private final Duration every;
    private boolean held;
    private long lastRun;

    public StoreUpkeep(EventPartitions partitions, DeliveryLog deliveryLog, AuditLog auditLog, RefusalLog refusalLog,
            Leases leases, Period retention, int partitionsAhead, Duration every) {
        this.partitions = partitions;
        this.deliveryLog = deliveryLog;
        this.auditLog = auditLog;
        this.refusalLog = refusalLog;
        this.leases = leases;
        this.retention = retention;
        this.partitionsAhead = partitionsAhead;
        this.every = every;
    }

    // Asked as often as the lease is renewed, so a node that takes over from a dead one runs the upkeep at once.
    public synchronized void runIfDue() {
        boolean holds = leases.holds(LEASE);
        boolean taken = holds && !held;
        held = holds;
        if (holds && (taken || System.nanoTime() - lastRun >= every.toNanos())) {
            run();
            lastRun = System.nanoTime();
        }
    }

    public void run() {
        partitions.ensureAhead(partitionsAhead);
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(retention);
        partitions.dropEndingBefore(cutoff);
        deliveryLog.forgetBefore(cutoff);
        auditLog.forgetBefore(cutoff);
        refusalLog.forgetBefore(cutoff);
    }
}
