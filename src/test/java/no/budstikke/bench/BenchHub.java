package no.budstikke.bench;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import no.budstikke.support.FreePorts;

/**
 * The packaged hub as the benchmarks run it: extracted from the jar (as Spring Boot recommends for production),
 * started as its own process on its embedded defaults in a fresh data directory, waited for until ready.
 */
final class BenchHub {

    private static final Pattern PG_PORT = Pattern.compile("Embedded PostgreSQL started on port (\\d+)");

    private final Path dir;
    private final String jvmArgs;
    private Process process;
    private int port;
    private int pgPort;
    private int amqpPort;
    private double startupCpuSeconds;
    private boolean extracted;

    BenchHub(Path dir, String jvmArgs) {
        this.dir = dir;
        this.jvmArgs = jvmArgs;
    }

    /** Starts the hub (with the class data archive unless {@code bench.cds=false}) and returns the milliseconds until ready. */
    long start(Path policy, List<String> extraArguments) throws Exception {
        return start(policy, extraArguments, !"false".equals(System.getProperty("bench.cds", "true")));
    }

    /**
     * Starts the hub and returns the milliseconds until it was ready; with {@code classData}, from a class data
     * archive (AppCDS) made by one training start of this jar, as a deployment would make it once per build.
     */
    long start(Path policy, List<String> extraArguments, boolean classData) throws Exception {
        port = FreePorts.take();
        amqpPort = FreePorts.take();
        Path jar = extracted();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("hub.log");
        Path archive = dir.resolve("app").resolve("budstikke.jsa");
        if (classData && !Files.exists(archive)) {
            train(java, jar, archive, policy);
        }
        long started = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(java));
        if (classData) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        if (!jvmArgs.isBlank()) {
            command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--budstikke.data-dir=" + dir.resolve("data"),
                "--budstikke.broker.amqp-port=" + amqpPort,
                "--budstikke.authorization.policy-file=" + policy,
                "--budstikke.security.dev-issuer.token-lifetime=PT12H",
                "--logging.level.root=WARN",
                "--logging.level.no.budstikke=INFO"));
        command.addAll(extraArguments);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        URI readiness = URI.create("http://127.0.0.1:" + port + "/health/readiness");
        org.awaitility.Awaitility.await("hub readiness (see " + log + ")")
                // Generous: with other builds saturating the shared 2 cores, initialising PostgreSQL alone took 66 s.
                .atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the hub exited; see " + log);
                    }
                    try {
                        return client.send(HttpRequest.newBuilder(readiness).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException notYetListening) {
                        return false;
                    }
                });
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        startupCpuSeconds = cpuSeconds(process.pid());
        Matcher matcher = PG_PORT.matcher(Files.readString(log));
        if (!matcher.find()) {
            throw new IllegalStateException("no PostgreSQL port in " + log);
        }
        pgPort = Integer.parseInt(matcher.group(1));
        return elapsed;
    }

    /**
     * The jar extracted once per instance (a nested fat jar loads classes several seconds slower on 2 cores than the
     * extracted layout); not again, as a class data archive holds only for the jar files it was made from.
     */
    private Path extracted() throws Exception {
        Path app = dir.resolve("app");
        Path jar;
        try (var jars = Files.list(Path.of("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("budstikke-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("package the hub first (./mvnw -Pbench verify does)"));
        }
        if (!extracted) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            deleteRecursively(app);
            Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--destination", app.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("extract.log").toFile()).start();
            if (extract.waitFor() != 0) {
                throw new IllegalStateException("extracting the jar failed; see " + dir.resolve("extract.log"));
            }
            extracted = true;
        }
        return app.resolve(jar.getFileName());
    }

    /**
     * The training start Spring Boot describes for AppCDS: the hub on a throw-away data directory, stopped as soon as
     * its context is refreshed, the classes it loaded written to the archive as it exits.
     */
    private void train(String java, Path jar, Path archive, Path policy) throws Exception {
        Path training = dir.resolve("cds-training");
        deleteRecursively(training);
        long began = System.nanoTime();
        Process process = new ProcessBuilder(java, "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                "-jar", jar.toString(), "--server.port=" + FreePorts.take(), "--budstikke.data-dir=" + training,
                "--budstikke.broker.amqp-port=" + FreePorts.take(), "--budstikke.authorization.policy-file=" + policy,
                "--logging.level.root=WARN")
                .redirectErrorStream(true).redirectOutput(dir.resolve("cds-training.log").toFile()).start();
        if (!process.waitFor(600, TimeUnit.SECONDS) || !Files.exists(archive)) {
            process.destroyForcibly();
            throw new IllegalStateException("the class data training start failed; see " + dir.resolve("cds-training.log"));
        }
        stopLeftPostgres(training.resolve("postgres"));
        deleteRecursively(training);
        System.out.printf("Class data archive made by a training start in %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    /**
     * spring.context.exit=onRefresh halts the JVM without closing the context, so the training start's embedded
     * PostgreSQL is still running: stopped here (SIGTERM, as the hub's own orphan check does) before its directory goes.
     */
    private static void stopLeftPostgres(Path dataDir) throws Exception {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        if (!first.matches("\\d+")) {
            return;
        }
        var postmaster = ProcessHandle.of(Long.parseLong(first))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (postmaster.isPresent()) {
            postmaster.get().destroy();
            postmaster.get().onExit().get(60, TimeUnit.SECONDS);
        }
    }

    /** A development token for the identity, with the publish and subscribe scopes. */
    String token(String identity) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"identity\":\"" + identity
                        + "\",\"scopes\":[\"altinn:events.publish\",\"altinn:events.subscribe\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no token: " + response.body());
        }
        return matcher.group(1);
    }

    int port() {
        return port;
    }

    int pgPort() {
        return pgPort;
    }

    /** The embedded broker's AMQP 1.0 acceptor (SASL PLAIN, as the users given in the extra arguments). */
    int amqpPort() {
        return amqpPort;
    }

    /**
     * The hub process's CPU time (user + system) until it was ready: on a machine others share, wall-clock start-up
     * mostly measures their load, this what the start itself costs (PostgreSQL's own processes not included).
     */
    double startupCpuSeconds() {
        return startupCpuSeconds;
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces) in parentheses; utime and stime are 14 and 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    long pid() {
        return process.pid();
    }

    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
