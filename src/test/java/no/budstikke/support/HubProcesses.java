package no.budstikke.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Hubs as separate JVMs, for the tests that kill one with SIGKILL or run two side by side. Whatever happens, no
 * hub and no embedded PostgreSQL started here outlives the test: {@link #stopAll} ends them.
 */
public final class HubProcesses {

    // Generous: on two shared cores, three nodes starting side by side take ~100 s each.
    private static final Duration STARTUP = Duration.ofSeconds(240);

    private final Path dataDir;
    private final List<Process> hubs = new ArrayList<>();

    /** Hubs on this data directory (the embedded PostgreSQL and Artemis keep their files there). */
    public HubProcesses(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts a hub with the test policy; {@code extra} adds or overrides settings. */
    public Process start(int port, int amqpPort, Path log, String... extra) throws IOException {
        return start(List.of("-Xmx512m"), port, amqpPort, log, extra);
    }

    /** Starts a hub with these JVM options (heap, compiler) instead of the default 512 MiB heap. */
    public Process start(List<String> jvmOptions, int port, int amqpPort, Path log, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "no.budstikke.BudstikkeApplication",
                "--server.port=" + port,
                "--budstikke.data-dir=" + dataDir,
                "--budstikke.broker.amqp-port=" + amqpPort,
                "--budstikke.authorization.policy-file=src/test/resources/test-policy.yaml"));
        command.addAll(List.of(extra));
        Process hub = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        hubs.add(hub);
        return hub;
    }

    public static void awaitReady(Process hub, int port, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        await("the hub on port " + port + " to be ready (log: " + log.toAbsolutePath() + ")")
                .atMost(STARTUP).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!hub.isAlive()) {
                        throw new AssertionError("the hub exited with " + hub.exitValue() + " before it was ready; see "
                                + log.toAbsolutePath() + "; its last lines:\n" + tail(log, 30));
                    }
                    try {
                        return http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    /** The last lines of a hub's log, for a failure message (CI keeps the build's output, not the hubs' logs). */
    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The embedded PostgreSQL server of the data directory, if one is running. */
    public Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    }

    /** Stops every hub started here (SIGTERM, then SIGKILL) and any PostgreSQL a killed hub left behind. */
    public void stopAll() throws Exception {
        for (Process hub : hubs) {
            if (hub.isAlive()) {
                hub.destroy();
                if (!hub.waitFor(60, TimeUnit.SECONDS)) {
                    hub.destroyForcibly();
                    hub.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        Optional<ProcessHandle> orphan = postmaster();
        if (orphan.isPresent()) {
            orphan.get().destroy();
            try {
                orphan.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                orphan.get().destroyForcibly();
            }
        }
    }
}
