package no.budstikke.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The token issuer of a hub cluster, as an outside party: it signs tokens with one key and serves that key as a JWK
 * set on loopback, so every node (and every restarted node) accepts the same tokens.
 */
public final class TestIssuer implements AutoCloseable {

    /** The audience every token is issued for: a node trusting this issuer is configured with it. */
    public static final String AUDIENCE = "budstikke-cluster";

    private final RSAKey key;
    private final NimbusJwtEncoder encoder;
    private final HttpServer server;

    public TestIssuer() throws IOException {
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(keys);
            }
        });
        server.start();
    }

    /** What a node's {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} is set to. */
    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** A token for the identity with the publish and subscribe scopes, valid for an hour. */
    public String token(String identity) {
        return token(identity, List.of(HubClient.PUBLISH, HubClient.SUBSCRIBE));
    }

    public String token(String identity, List<String> scopes) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer("urn:budstikke:test-issuer").subject(identity)
                .audience(List.of(AUDIENCE)).issuedAt(now).expiresAt(now.plus(Duration.ofHours(1))).id(UUID.randomUUID().toString())
                .claim("scope", String.join(" ", scopes)).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
