package no.budstikke.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import no.budstikke.delivery.FanOutDelivery;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The first half of a stop, in order: after the web server has stopped taking requests (and the AMQP door has
 * closed, an earlier phase), it stops the connectors and every other way in, then the delivery consumer — whose
 * messages in hand end within their hold — and waits for pushes left running, all within the grace less a
 * reserve. Camel then stops the pipeline (commits in progress finish), and Spring closes the broker, the datasource
 * and the embedded PostgreSQL, each after everything that uses it.
 */
public final class StopSequence implements SmartLifecycle {

    /** After the web server's graceful shutdown (MAX - 1024), before the web server (MAX - 2048) and Camel (MAX - 2049). */
    public static final int PHASE = Integer.MAX_VALUE - 1536;
    private static final Logger LOG = LoggerFactory.getLogger(StopSequence.class);
    private static final String DELIVERY = "delivery-webhook";
    /** Stages behind the ways in: they run until Camel stops them, after this sequence. */
    private static final Set<String> PIPELINE = Set.of("ingress-integrator", "dispatch-outbox", DELIVERY,
            "subscription-validation");

    private final Supplier<CamelContext> camelContext;
    private final FanOutDelivery fanOut;
    private final Duration grace;
    private final Duration reserve;
    private volatile boolean running;

    /**
     * The Camel context is looked up only when stopping: asking for it earlier would start it before its routes exist.
     *
     * @param reserve left of the grace for the broker, the datasource and PostgreSQL to close
     */
    public StopSequence(Supplier<CamelContext> camelContext, FanOutDelivery fanOut, Duration grace, Duration reserve) {
        this.camelContext = camelContext;
        this.fanOut = fanOut;
        this.grace = grace;
        this.reserve = reserve;
    }

    @Override
    public void start() {
        ShutdownSignals.grace(grace);
        running = true;
    }

    @Override
    public void stop() {
        long deadline = ShutdownSignals.deadline() - reserve.toNanos();
        CamelContext camel = camelContext.get();
        try {
            List<String> connectorsFirst = new ArrayList<>();
            List<String> doors = new ArrayList<>();
            for (Route route : camel.getRoutes()) {
                String id = route.getRouteId();
                if (!PIPELINE.contains(id)) {
                    (id.startsWith("api-") || id.startsWith("ingress-") || id.startsWith("query-") ? doors : connectorsFirst)
                            .add(id);
                }
            }
            LOG.info("Stopping: connectors and other ways in");
            for (String id : connectorsFirst) {
                stopRoute(camel, id, deadline);
            }
            for (String id : doors) {
                stopRoute(camel, id, deadline);
            }
            LOG.info("Stopping: the delivery consumer");
            stopRoute(camel, DELIVERY, deadline);
            if (fanOut.drain(remaining(deadline))) {
                LOG.info("Stopping: deliveries done; {} jobs waiting for a busy endpoint are left to their copies in "
                        + "the broker", fanOut.waiting());
            } else {
                LOG.info("Stopping: {} pushes still running at the end of the grace are left to their copies in the "
                        + "broker", fanOut.running());
            }
            fanOut.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
        }
    }

    private static void stopRoute(CamelContext camel, String id, long deadline) throws InterruptedException {
        if (camel.getRoute(id) == null) {
            return;
        }
        try {
            camel.getRouteController().stopRoute(id, Math.max(1, remaining(deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("Stopping route {} failed: {}", id, e.toString());
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
