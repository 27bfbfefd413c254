package no.budstikke.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;

import no.budstikke.broker.BrokerUser;
import no.budstikke.security.TrustedIssuer;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The hub's own settings ({@code budstikke.*}); defaults live in application.yaml. */
@ConfigurationProperties(prefix = "budstikke")
public record BudstikkeProperties(
        Path dataDir,
        Embedded embedded,
        Broker broker,
        Ingest ingest,
        Store store,
        Query query,
        Security security,
        Authorization authorization,
        Delivery delivery,
        Routes routes,
        Shutdown shutdown,
        Dispatch dispatch,
        Validation validation,
        Logs logs) {

    /**
     * {@code grace}: how long a stop may take, from the signal to the exit (see {@code lifecycle.StopSequence});
     * {@code reserve}: the end of it kept for the broker, the datasource and PostgreSQL to close.
     */
    public record Shutdown(Duration grace, Duration reserve) {
    }

    public record Embedded(EmbeddedPostgres postgres) {
    }

    public record EmbeddedPostgres(Path dataDir, int port, String sharedBuffers) {
    }

    /**
     * The embedded broker: its AMQP 1.0 acceptor; the {@code users} who may connect from outside (SASL), each
     * publishing as an identity and/or reading its own queues; and the hub's own user, which other hub nodes use
     * (the hub itself connects in-VM without a password). {@code ingress}: whether this node consumes
     * events.inbound — unset means only with the embedded broker, whose own plugin stamps each message with its
     * authenticated sender; on any other broker a sender could name itself; {@code ingressBatch}: messages one
     * ingress worker settles per broker transaction; {@code redelivery}: how the embedded broker offers a message
     * again after a rollback.
     */
    public record Broker(String amqpHost, int amqpPort, List<BrokerUser> users, String hubUser, String hubPassword,
            int ingressConsumers, int ingressBatch, Boolean ingress, Amqps amqps, SubscriberQueues subscriberQueues,
            Redelivery redelivery) {

        public Broker {
            users = users == null ? List.of() : List.copyOf(users);
            amqps = amqps == null ? new Amqps(false, null, 5671, null, null, null) : amqps;
        }
    }

    /**
     * The queues of {@code amqp:} subscribers: a released one nobody drains is kept {@code grace}; released queues
     * are looked at every {@code sweepInterval}; the broker answers a request to remove one within
     * {@code managementTimeout}.
     */
    public record SubscriberQueues(Duration grace, Duration sweepInterval, Duration managementTimeout) {
    }

    /** The embedded broker's redelivery of delivery jobs and of published messages whose commit failed. */
    public record Redelivery(RedeliveryDelay delivery, RedeliveryDelay inbound) {
    }

    /** The first wait before a message is offered again, doubled per attempt up to {@code maxDelay}. */
    public record RedeliveryDelay(Duration delay, Duration maxDelay) {
    }

    /**
     * The embedded broker's TLS acceptor (AMQP 1.0 and core over TLS): off unless {@code enabled}; the server's key
     * and certificate chain come from {@code keyStore} ({@code keyStoreType}, default PKCS12).
     */
    public record Amqps(boolean enabled, String host, int port, Path keyStore, String keyStorePassword,
            String keyStoreType) {

        @Override
        public String toString() {
            return "Amqps[enabled=" + enabled + ", host=" + host + ", port=" + port + ", keyStore=" + keyStore + "]";
        }
    }

    /** {@code directory}: where the integrator's {@code *.camel.yaml} routes are; looked at every {@code scanInterval}. */
    public record Routes(Path directory, Duration scanInterval) {
    }

    /** {@code commitTimeout}: how long a publish waits for its group commit before the caller is told 503. */
    public record Ingest(int maxEventBytes, int maxBatchBytes, int maxBatchSize, Duration commitTimeout) {
    }

    /** {@code upkeepEvery}: how often the lease holder creates partitions and applies the retention. */
    public record Store(Period retention, int partitionsAhead, Duration upkeepEvery) {
    }

    /**
     * The dispatcher: woken by this node's commits at most every {@code period}, and after {@code idleWait} without
     * one (other nodes' events); {@code pageSize} committed events turned into delivery jobs per transaction.
     */
    public record Dispatch(Duration period, Duration idleWait, int pageSize) {
    }

    /**
     * Webhook endpoint validation: a round every {@code period} on the lease holder, of at most {@code batch}
     * subscriptions, each kept from other nodes for {@code claim}; after the n-th failure the n-th {@code backoff};
     * each handshake call gets {@code connectTimeout} to connect and {@code timeout} in all.
     */
    public record Validation(Duration period, int batch, Duration claim, List<Duration> backoff,
            Duration connectTimeout, Duration timeout) {
    }

    /** The in-memory queues of the delivery and audit logs in front of their database writers. */
    public record Logs(LogWriter delivery, LogWriter audit, LogWriter refusals) {
    }

    /** {@code capacity}: entries that may wait (more are dropped and counted); {@code batch}: written at once. */
    public record LogWriter(int capacity, int batch) {
    }

    public record Query(int defaultSize, int maxSize) {
    }

    /**
     * {@code issuers}: the external token issuers this hub trusts, each on its own terms; none means the
     * development issuer (or Spring Boot's single {@code spring.security.oauth2.resourceserver.jwt.*} issuer);
     * {@code jwksTimeout}: to connect to, and to read, an issuer's keys; {@code tokenCacheSize}: verified tokens
     * remembered per decoder, so a caller's next request skips the signature check.
     */
    public record Security(Scopes scopes, DevIssuer devIssuer, List<TrustedIssuer> issuers, Duration jwksTimeout,
            int tokenCacheSize) {

        public Security {
            issuers = issuers == null ? List.of() : List.copyOf(issuers);
        }
    }


    public record Scopes(String publish, String subscribe, String admin) {
    }

    public record DevIssuer(Duration tokenLifetime) {
    }

    /**
     * {@code policyFile}: seeds the built-in policy at start; {@code engine}: which policy decision point answers,
     * {@code builtin} (the policy in PostgreSQL) or {@code xacml} (an external PDP, set up under {@code xacml}),
     * unset means {@code builtin} ({@code permit-all} exists only to measure what authorization costs, in the
     * benchmarks: never in a real hub); {@code cache}: how long and how many decisions are remembered.
     */
    public record Authorization(Path policyFile, Engine engine, DecisionCacheSettings cache, Xacml xacml) {

        public Authorization {
            engine = engine == null ? Engine.BUILTIN : engine;
        }

        public enum Engine { BUILTIN, XACML, PERMIT_ALL }
    }

    /**
     * An external XACML 3.0 (JSON profile) PDP: {@code url} of its decision endpoint; {@code timeout} for a
     * decision, after which every question in it is denied; {@code subscriptionKey}, sent as
     * {@code Ocp-Apim-Subscription-Key} when set; {@code maxConnections} to it at once; {@code maxAnswerBytes}
     * of one answer read (a longer one denies the request whole).
     */
    public record Xacml(URI url, Duration connectTimeout, Duration timeout, String subscriptionKey,
            int maxConnections, int maxAnswerBytes) {
    }

    public record DecisionCacheSettings(Duration ttl, long maxEntries) {
    }

    /**
     * {@code plainHttpHosts}: endpoint hosts that may be reached over plain http (development only);
     * {@code allowedPrivateHosts}: endpoint hosts exempt from the public-address rule; {@code origin}: the hub's
     * name in the webhook handshake; {@code publicBaseUrl}: where the hub is reached from outside;
     * {@code consumers}: delivery threads taking messages off the queue; {@code hold}: how long one waits for a
     * message's pushes before leaving the slow ones to finish on their own; {@code maxWaiting}: jobs that may go on
     * waiting in memory for a slot past their message's hold; {@code maxInFlight}: pushes unsettled at once on this
     * node (from their start until their outcome is in the delivery log: what a crash may repeat); {@code ioThreads}:
     * threads of the non-blocking HTTP client; {@code circuit}: when an endpoint is paused; {@code busyWait}: how long
     * a job of a subscription at its concurrency waits in the broker when it cannot wait in memory; {@code copyMargin}:
     * how long after a push's timeout the copy of a job left running past its hold comes back; {@code resend}: the
     * bounds of one redeliver or replay request; {@code requeueTimeout}: how long a delivery thread waits for the
     * broker to take back jobs that must wait before it gives up on its message (which then comes back).
     */
    public record Delivery(java.util.List<String> plainHttpHosts, java.util.List<String> allowedPrivateHosts, String origin,
            String publicBaseUrl, int consumers, Duration hold, int maxWaiting, int maxInFlight, int ioThreads, Circuit circuit,
            Push push, Duration busyWait, Duration copyMargin, ResendLimits resend, Duration requeueTimeout) {
    }

    /** {@code maxJobs} queued by one request; {@code maxScanned} stored events one replay reads. */
    public record ResendLimits(int maxJobs, int maxScanned) {
    }

    /**
     * One webhook push: {@code connectTimeout} to open a connection, {@code connectionWait} for a free one from the
     * pool, {@code maxResponseBytes} of the answer read (a longer answer fails the push).
     */
    public record Push(Duration connectTimeout, Duration connectionWait, int maxResponseBytes) {
    }

    /** An endpoint failing {@code failures} times in a row is paused {@code pause}, doubling up to {@code maxPause}. */
    public record Circuit(int failures, Duration pause, Duration maxPause) {
    }
}
