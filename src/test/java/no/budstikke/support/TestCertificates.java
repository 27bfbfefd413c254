package no.budstikke.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away certificate authority for the tests' TLS: a CA, a server key store (PKCS12, key and certificate
 * chain for 127.0.0.1/localhost, signed by the CA) and a client trust store holding only the CA — made with the
 * JDK's own keytool, so nothing is checked in.
 */
public final class TestCertificates {

    /** Has ';', '&', '=' and '%' in it: the broker must take such a password as it is. */
    public static final String SERVER_PASSWORD = "it;pa&ss=w%rd";
    public static final String TRUST_PASSWORD = "trust-it";

    private final Path serverKeyStore;
    private final Path trustStore;

    private TestCertificates(Path serverKeyStore, Path trustStore) {
        this.serverKeyStore = serverKeyStore;
        this.trustStore = trustStore;
    }

    public static TestCertificates create(Path directory) {
        Path ca = directory.resolve("ca.p12");
        Path caPem = directory.resolve("ca.pem");
        Path server = directory.resolve("server.p12");
        Path request = directory.resolve("server.csr");
        Path serverPem = directory.resolve("server.pem");
        Path trust = directory.resolve("trust.p12");
        String caPassword = "ca-it-secret";
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=Budstikke Test CA", "-ext", "bc:c", "-storetype", "PKCS12",
                "-keystore", ca.toString(), "-storepass", caPassword);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", caPassword,
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", server.toString(),
                "-storepass", SERVER_PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", SERVER_PASSWORD,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", caPassword,
                "-infile", request.toString(), "-outfile", serverPem.toString(), "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", server.toString(),
                "-storepass", SERVER_PASSWORD);
        keytool("-importcert", "-alias", "server", "-file", serverPem.toString(), "-keystore", server.toString(),
                "-storepass", SERVER_PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", TRUST_PASSWORD);
        return new TestCertificates(server, trust);
    }

    public Path serverKeyStore() {
        return serverKeyStore;
    }

    /** Trusts the test CA only. */
    public Path trustStore() {
        return trustStore;
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("keytool could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
