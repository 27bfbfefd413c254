package no.budstikke.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * How the hub answers SIGTERM and SIGINT: the first starts the orderly stop ({@link StopSequence}), which must be
 * over within the grace; a second signal, or the grace running out, ends the process at once. Nothing acknowledged
 * is lost either way — events are committed before their 201, and delivery jobs stay in the broker until done.
 */
public final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);
    private static final AtomicInteger RECEIVED = new AtomicInteger();
    private static volatile Duration grace = Duration.ofSeconds(10);
    private static volatile long began;

    private ShutdownSignals() {
    }

    /** Replaces the JVM's own handling of the two signals; called once, from {@code main}. */
    public static void install() {
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), ShutdownSignals::received);
        }
    }

    /** The grace the running hub was configured with. */
    static void grace(Duration configured) {
        grace = configured;
    }

    /** When the stop must be over ({@link System#nanoTime}): the grace after the first signal, or after now. */
    static long deadline() {
        long start = began;
        return (start == 0 ? System.nanoTime() : start) + grace.toNanos();
    }

    private static void received(Signal signal) {
        int exitCode = 128 + signal.getNumber();
        if (RECEIVED.incrementAndGet() > 1) {
            LOG.warn("Second SIG{} while stopping: ending at once", signal.getName());
            Runtime.getRuntime().halt(exitCode);
        }
        began = System.nanoTime();
        Duration patience = grace;
        LOG.info("SIG{} received: stopping within {}", signal.getName(), patience);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(patience.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            LOG.warn("The stop took longer than its grace of {}: ending at once", patience);
            Runtime.getRuntime().halt(exitCode);
        }, "budstikke-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        // System.exit runs the shutdown hooks and never returns: off the signal thread, so a second signal is heard.
        new Thread(() -> System.exit(exitCode), "budstikke-shutdown").start();
    }
}
