package no.budstikke.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.util.FileSystemUtils;

/**
 * What hub nodes run on in a cluster, each a process of its own: a PostgreSQL server that no node manages (with the
 * durability of a production server) and two Artemis brokers of the official distribution in a symmetric cluster.
 * Closing it stops them and deletes their data; their logs stay.
 */
public final class ClusterDeployment implements AutoCloseable {

    private final Path work;
    private final EmbeddedPostgres postgres;
    private final List<ArtemisBroker> brokers;
    private final String password;

    private ClusterDeployment(Path work, EmbeddedPostgres postgres, List<ArtemisBroker> brokers, String password) {
        this.work = work;
        this.postgres = postgres;
        this.brokers = brokers;
        this.password = password;
    }

    /**
     * Starts the database and both brokers in {@code work}; {@code readerQueue} is created on both for an
     * {@code amqp:} subscriber ({@link ArtemisBroker#READER_USER}); every broker user has {@code password}.
     */
    public static ClusterDeployment start(Path work, Path logs, String password, String readerQueue, int maxConnections)
            throws IOException, InterruptedException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(FreePorts.take())
                .setDataDirectory(work.resolve("postgres")).setCleanDataDirectory(true)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", Integer.toString(maxConnections)).start();
        int portA = FreePorts.take();
        int portB = FreePorts.take();
        List<ArtemisBroker> brokers = List.of(
                new ArtemisBroker(work.resolve("broker-a"), logs, "broker-a", portA, List.of(portB), password),
                new ArtemisBroker(work.resolve("broker-b"), logs, "broker-b", portB, List.of(portA), password));
        ClusterDeployment deployment = new ClusterDeployment(work, postgres, brokers, password);
        try {
            for (ArtemisBroker broker : brokers) {
                broker.create(readerQueue);
            }
            for (ArtemisBroker broker : brokers) {
                broker.start();
            }
        } catch (IOException | RuntimeException e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    /** The PostgreSQL server's data directory (its {@code postmaster.pid} names the server's process). */
    public Path postgresData() {
        return work.resolve("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    public List<ArtemisBroker> brokers() {
        return brokers;
    }

    /** {@code spring.artemis.broker-url} for node {@code i}: both brokers, one of them first by turns. */
    public String brokerUrl(int node) {
        ArtemisBroker first = brokers.get(node % 2);
        ArtemisBroker second = brokers.get((node + 1) % 2);
        return "(tcp://127.0.0.1:" + first.port() + ",tcp://127.0.0.1:" + second.port() + ")";
    }

    /**
     * What every node {@code node} of this cluster is started with: the database, both brokers (one of them first by
     * turns, so the nodes' connections spread over the cluster), the hub's broker user, tokens of {@code issuer}.
     */
    public List<String> nodeSettings(int node, String database, TestIssuer issuer) {
        return List.of(
                "--spring.datasource.url=" + jdbcUrl(database),
                "--spring.datasource.username=postgres",
                "--spring.artemis.broker-url=" + brokerUrl(node),
                "--spring.artemis.user=" + ArtemisBroker.HUB_USER,
                "--spring.artemis.password=" + password,
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer.jwkSetUri(),
                "--spring.security.oauth2.resourceserver.jwt.audiences=" + TestIssuer.AUDIENCE,
                "--budstikke.cluster.node-name=node-" + node);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (ArtemisBroker broker : brokers) {
            broker.stop();
        }
        postgres.close();
        FileSystemUtils.deleteRecursively(work);
    }
}
