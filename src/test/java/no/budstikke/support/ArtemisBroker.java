package no.budstikke.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import no.budstikke.broker.SenderStamp;

/**
 * A broker of the Apache Artemis distribution as a process of its own, for the cluster suite: made with
 * {@code artemis create} as a member of a symmetric cluster (static connectors to its peers, on-demand load
 * balancing, redistribution), then given what the hub needs on top of the distribution's defaults — one acceptor
 * for AMQP and core, users and address permissions, endless redelivery, and the hub's sender stamp plugin.
 */
public final class ArtemisBroker {

    /** The hub nodes' user (role amq: everything). */
    public static final String HUB_USER = "hub";
    /** The brokers' own user for the cluster bridges, trusted by the sender stamp. */
    public static final String CLUSTER_USER = "cluster";
    /** May only send to events.inbound (role publisher). */
    public static final String PUBLISHER_USER = "cl-publisher";
    /** May only read (and create) the one amqp: subscription queue it is given (role reader). */
    public static final String READER_USER = "cl-reader";

    private final Path instance;
    private final Path logs;
    private final String name;
    private final int port;
    private final List<Integer> peers;
    private final String password;
    private Process process;
    private int starts;

    /**
     * A broker named {@code name} in {@code instance}, listening on {@code port}, clustered with the {@code peers};
     * its console output goes to {@code logs}.
     */
    public ArtemisBroker(Path instance, Path logs, String name, int port, List<Integer> peers, String password) {
        this.instance = instance;
        this.logs = logs;
        this.name = name;
        this.port = port;
        this.peers = List.copyOf(peers);
        this.password = password;
    }

    public static Path home() {
        return Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0")).toAbsolutePath();
    }

    public int port() {
        return port;
    }

    /** Creates the instance; {@code readerQueue} is the one amqp: subscription queue the reader user may read. */
    public void create(String readerQueue) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", home().resolve("bin/artemis").toString(), "create",
                instance.toString(), "--silent", "--name", name, "--host", "127.0.0.1", "--default-port", String.valueOf(port),
                "--user", HUB_USER, "--password", password, "--role", "amq", "--require-login",
                "--clustered", "--cluster-user", CLUSTER_USER, "--cluster-password", password,
                "--message-load-balancing", "OFF_WITH_REDISTRIBUTION", "--max-hops", "1",
                "--no-web", "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--nio", "--no-autotune", "--java-memory", "256M",
                "--queues", "budstikke.delivery:anycast,events.inbound:anycast,events.inbound.invalid:anycast"));
        command.add("--staticCluster");
        command.add(String.join(",", peers.stream().map(p -> "tcp://127.0.0.1:" + p).toList()));
        Path log = logs.resolve(name + "-create.log");
        Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!create.waitFor(120, TimeUnit.SECONDS) || create.exitValue() != 0) {
            throw new IllegalStateException("artemis create failed; see " + log.toAbsolutePath());
        }
        configure(readerQueue);
    }

    private void configure(String readerQueue) throws IOException {
        Path etc = instance.resolve("etc");
        Path brokerXml = etc.resolve("broker.xml");
        String xml = Files.readString(brokerXml);
        // One acceptor, AMQP for publishers and subscribers, core for the hub nodes and the other broker.
        xml = xml.replaceFirst("protocols=[A-Z,]+", "protocols=CORE,AMQP");
        // The hub (role amq) may do anything; a publisher only send to events.inbound; the reader only its own queue.
        xml = replaceBetween(xml, "<security-settings>", "</security-settings>", "<security-settings>"
                + securitySetting("#", List.of(), "")
                + securitySetting("events.inbound", List.of("send"), "publisher")
                + securitySetting(readerQueue, List.of("consume", "browse", "createDurableQueue", "createAddress"), "reader")
                + "\n      </security-settings>");
        // Messages move to the broker that has consumers at once; delivery jobs and published messages are retried forever.
        xml = xml.replace("<address-setting match=\"#\">", "<address-setting match=\"#\">\n            <redistribution-delay>0</redistribution-delay>");
        xml = xml.replace("</address-settings>", retriedForever("budstikke.delivery", 60_000)
                + retriedForever("events.inbound", 30_000) + "\n      </address-settings>");
        xml = xml.replace("</core>", """
                   <broker-plugins>
                         <broker-plugin class-name="%s">
                            <property key="trusted-users" value="%s"/>
                         </broker-plugin>
                      </broker-plugins>
                   </core>""".formatted(SenderStamp.class.getName(), CLUSTER_USER));
        Files.writeString(brokerXml, xml);
        Files.writeString(etc.resolve("artemis-users.properties"),
                // The files end without a newline after the user artemis create wrote.
                "\n" + PUBLISHER_USER + " = " + password + "\n" + READER_USER + " = " + password + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(etc.resolve("artemis-roles.properties"),
                "\npublisher = " + PUBLISHER_USER + "\nreader = " + READER_USER + "\n", java.nio.file.StandardOpenOption.APPEND);
        // artemis create writes -Xms512M whatever --java-memory says; a heap that starts above its maximum never starts.
        Path profile = etc.resolve("artemis.profile");
        Files.writeString(profile, Files.readString(profile).replaceFirst("-Xms\\S+", "-Xms64M"));
        installSenderStamp(instance.resolve("lib").resolve("budstikke-broker-plugin.jar"));
    }

    private static String retriedForever(String match, int maxRedeliveryDelay) {
        return """

                         <address-setting match="%s">
                            <redistribution-delay>0</redistribution-delay>
                            <max-delivery-attempts>-1</max-delivery-attempts>
                            <redelivery-delay>1000</redelivery-delay>
                            <redelivery-delay-multiplier>2</redelivery-delay-multiplier>
                            <max-redelivery-delay>%d</max-redelivery-delay>
                         </address-setting>""".formatted(match, maxRedeliveryDelay);
    }

    private static String securitySetting(String match, List<String> sharedTypes, String sharedWith) {
        StringBuilder setting = new StringBuilder("\n         <security-setting match=\"" + match + "\">");
        for (String type : List.of("createNonDurableQueue", "deleteNonDurableQueue", "createDurableQueue",
                "deleteDurableQueue", "createAddress", "deleteAddress", "consume", "browse", "send", "manage")) {
            String roles = sharedTypes.contains(type) ? "amq," + sharedWith : "amq";
            setting.append("\n            <permission type=\"").append(type).append("\" roles=\"").append(roles).append("\"/>");
        }
        return setting.append("\n         </security-setting>").toString();
    }

    /** The hub's broker plugin, packed from the build's classes the way an operator installs it: a jar in lib/. */
    private static void installSenderStamp(Path jar) throws IOException {
        String entry = SenderStamp.class.getName().replace('.', '/') + ".class";
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                var in = SenderStamp.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new ZipEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    private static String replaceBetween(String text, String start, String end, String replacement) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from) + end.length();
        if (from < 0 || to < end.length()) {
            throw new IllegalStateException("broker.xml has no " + start);
        }
        return text.substring(0, from) + replacement + text.substring(to);
    }

    /** Starts the broker ({@code artemis run}, a JVM of its own) and returns once its acceptor answers. */
    public void start() throws IOException {
        Path log = logs.resolve(name + "-" + (++starts) + ".log");
        process = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await(name + " to accept connections (log: " + log.toAbsolutePath() + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
                    }
                    return Files.readString(log).contains("AMQ221007") && accepts();
                });
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The broker's process (bash running {@code artemis run}, the broker's JVM its child), while it runs. */
    public java.util.Optional<ProcessHandle> process() {
        return process == null || !process.isAlive() ? java.util.Optional.empty() : java.util.Optional.of(process.toHandle());
    }

    /** SIGKILL: the broker dies as in a crash, with whatever its journal held. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
