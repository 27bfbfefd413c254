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
 * Ports for servers a test or benchmark starts later (hubs in their own JVM, brokers, feeds). They are taken outside
 * the kernel's ephemeral range (below it, or above it where it starts low), so that no connection opened meanwhile
 * (by this JVM, a hub starting in another, or an embedded PostgreSQL asking the kernel for "any port") can be given
 * one before its server binds it — a hub binds its HTTP port ~10 s after its start. No port is handed out twice in
 * one JVM.
 */
public final class FreePorts {

    /** The ports handed out so far. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Random RANDOM = new Random();

    private FreePorts() {
    }

    /** A port nothing listens on now. */
    public static synchronized int take() throws IOException {
        int[] range = ephemeralRange();
        // Below the range where there is room, else above it; only a range that leaves neither falls back.
        int from = range[0] > 11_000 ? 10_000 : range[1] + 1;
        int to = range[0] > 11_000 ? range[0] : 65_536;
        for (int tries = 0; tries < 200 && to - from > 1_000; tries++) {
            int port = from + RANDOM.nextInt(to - from);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The kernel's ephemeral port range, first and last. */
    private static int[] ephemeralRange() {
        try {
            // Files.readString returns one byte of a /proc/sys file here (its size shows as 0); a line reader reads it whole.
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
            return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999};
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
