package no.budstikke.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The subscribers' side of the delivery benchmark: a minimal HTTP/1.1 server on loopback, one thread per
 * keep-alive connection, so that the receiver costs as little CPU as possible next to the hub on the same cores.
 * It answers the CloudEvents webhook handshake, hands each pushed body to a {@link Sink} and answers 204 — except
 * under {@code /hang}, where it reads the request and never answers.
 */
final class BenchReceiver implements AutoCloseable {

    interface Sink {
        void received(String path, byte[] body, long nanoTime);
    }

    private static final byte[] NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HANDSHAKE = ("HTTP/1.1 200 OK\r\nWebHook-Allowed-Origin: budstikke.local\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final Sink sink;
    private volatile boolean running = true;

    BenchReceiver(Sink sink) throws IOException {
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.sink = sink;
        Thread acceptor = new Thread(this::accept, "bench-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (running) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread connection = new Thread(() -> serve(socket), "bench-receiver-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
             OutputStream out = socket.getOutputStream()) {
            while (running) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                int length = 0;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                byte[] body = in.readNBytes(length);
                long now = System.nanoTime();
                String[] parts = requestLine.split(" ");
                if ("OPTIONS".equals(parts[0])) {
                    out.write(HANDSHAKE);
                } else if (parts[1].startsWith("/hang")) {
                    Thread.sleep(Long.MAX_VALUE);
                } else {
                    sink.received(parts[1], body, now);
                    out.write(NO_CONTENT);
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the connection ended
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
    }
}
