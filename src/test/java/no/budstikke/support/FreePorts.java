package no.budstikke.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Ports for servers a test or benchmark starts later (hubs in their own JVM, brokers, feeds). They are taken below
 * the kernel's ephemeral range, so that no connection opened meanwhile (by this JVM, a hub starting in another, or
 * an embedded PostgreSQL asking the kernel for "any port") can be given one before its server binds it — a hub
 * binds its HTTP port ~10 s after its start. No port is handed out twice in one JVM.
 */
public final class FreePorts {

    /** The ports handed out so far. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Random RANDOM = new Random();

    private FreePorts() {
    }

    /** A port nothing listens on now. */
    public static synchronized int take() throws IOException {
        int below = ephemeralRangeStart();
        for (int tries = 0; tries < 200 && below > 11_000; tries++) {
            int port = 10_000 + RANDOM.nextInt(below - 10_000);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int ephemeralRangeStart() {
        try {
            // Files.readString returns one byte of a /proc/sys file here (its size shows as 0); a line reader reads it whole.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
