package no.budstikke;

import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import no.budstikke.support.FreePorts;
import no.budstikke.support.HubProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hub that trusts two external issuers at once — one like Maskinporten (organisations by {@code consumer}), one
 * like ID-porten (persons by {@code pid}) — each with its own keys (JWKS served on loopback) and audience; tokens of
 * any other issuer, for another audience or with none are refused. Its management endpoints are on their own port.
 */
class TrustedIssuersIT {

    private static final String MASKINPORTEN = "https://maskinporten.test/";
    private static final String IDPORTEN = "https://idporten.test";
    private static final String AUDIENCE = "https://budstikke.test/api";
    private static final String RESOURCE = "urn:altinn:resource:skd-skattemelding";
    private static final String COMPANY = "/organisation/974760673";
    /** Holds DAGL for COMPANY in the tests' policy, a role the resource gives readers. */
    private static final String MANAGER_PID = "01038712345";

    private static final RSAKey MASKINPORTEN_KEY = key("mp-1");
    private static final RSAKey IDPORTEN_KEY = key("idp-1");
    private static final HttpServer JWKS = jwksServer();

    private static final Path LOGS = Path.of("target", "trusted-issuers-it");

    private static HubProcesses hubs;
    private static int port;
    private static int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A hub of its own, in its own JVM: the other tests' hub trusts the development issuer. */
    @BeforeAll
    static void startHub() throws IOException {
        Files.createDirectories(LOGS);
        hubs = new HubProcesses(Files.createTempDirectory("budstikke-it-issuers-"));
        port = FreePorts.take();
        managementPort = FreePorts.take();
        String jwks = "http://127.0.0.1:" + JWKS.getAddress().getPort();
        Path log = LOGS.resolve("hub.log");
        Process hub = hubs.start(port, FreePorts.take(), log,
                "--budstikke.routes.directory=" + Files.createTempDirectory("budstikke-it-issuers-routes-"),
                "--management.server.port=" + managementPort,
                "--budstikke.security.issuers[0].name=maskinporten",
                "--budstikke.security.issuers[0].issuer-uri=" + MASKINPORTEN,
                "--budstikke.security.issuers[0].jwk-set-uri=" + jwks + "/maskinporten/jwks",
                "--budstikke.security.issuers[0].audiences[0]=" + AUDIENCE,
                "--budstikke.security.issuers[0].identity-claims[0]=consumer",
                "--budstikke.security.issuers[1].name=idporten",
                "--budstikke.security.issuers[1].issuer-uri=" + IDPORTEN,
                "--budstikke.security.issuers[1].jwk-set-uri=" + jwks + "/idporten/jwks",
                "--budstikke.security.issuers[1].audiences[0]=https://other.test",
                "--budstikke.security.issuers[1].audiences[1]=" + AUDIENCE,
                "--budstikke.security.issuers[1].identity-claims[0]=pid");
        // Readiness is on the management port: the API port no longer serves it.
        HubProcesses.awaitReady(hub, managementPort, log);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hubs != null) {
            hubs.stopAll();
        }
        JWKS.stop(0);
    }

    @Test
    void eachTrustedIssuersTokensAreAcceptedAndMappedToTheirIdentity() {
        String source = "urn:budstikke:issuers:" + newId();
        String id = newId();
        String organisationToken = sign(MASKINPORTEN_KEY, claims(MASKINPORTEN, AUDIENCE, "altinn:events.publish")
                .claim("consumer", Map.of("authority", "iso6523-actorid-upis", "ID", "0192:974760673")).build());

        // Only /organisation/974760673 (one of the resource's publishers) may publish this: the consumer claim named it.
        var published = publish(organisationToken, eventFrom(source, id));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

        String personToken = sign(IDPORTEN_KEY, claims(IDPORTEN, AUDIENCE, "altinn:events.subscribe")
                .claim("pid", MANAGER_PID).build());
        // The person reads the company's event by the role they hold for it: the pid claim named them.
        var read = get(personToken, "/events/api/v1/events?resource=" + RESOURCE + "&source=" + source);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        parse(read.body()).forEach(event -> ids.add(event.get("id").asText()));
        assertThat(ids).containsExactly(id);
    }

    @Test
    void anIssuerReadsItsTokensOnlyByItsOwnIdentityClaims() {
        // ID-porten's tokens name persons by pid; an organisation claim in one is not how this issuer names callers.
        String token = sign(IDPORTEN_KEY, claims(IDPORTEN, AUDIENCE, "altinn:events.publish")
                .claim("consumer", Map.of("authority", "iso6523-actorid-upis", "ID", "0192:974760673")).build());
        var response = publish(token, eventFrom("urn:budstikke:issuers:" + newId(), newId()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("names no identity");
    }

    @Test
    void aTokenForAnotherAudienceOrWithoutOneIsRefused() {
        var wrongAudience = get(sign(IDPORTEN_KEY, claims(IDPORTEN, "https://another-service.test", "altinn:events.subscribe")
                .claim("pid", MANAGER_PID).build()), "/events/api/v1/events?resource=" + RESOURCE);
        assertUnauthorized(wrongAudience);

        var noAudience = get(sign(IDPORTEN_KEY, claims(IDPORTEN, null, "altinn:events.subscribe")
                .claim("pid", MANAGER_PID).build()), "/events/api/v1/events?resource=" + RESOURCE);
        assertUnauthorized(noAudience);
    }

    @Test
    void anUntrustedIssuerOrAnotherIssuersKeyIsRefused() throws JOSEException {
        var untrusted = get(sign(key("stranger"), claims("https://issuer.stranger.test/", AUDIENCE, "altinn:events.subscribe")
                .claim("pid", MANAGER_PID).build()), "/events/api/v1/events?resource=" + RESOURCE);
        assertUnauthorized(untrusted);

        // Signed with ID-porten's key but claiming to be Maskinporten: Maskinporten's keys do not verify it.
        RSAKey borrowed = new RSAKey.Builder(IDPORTEN_KEY).keyID(MASKINPORTEN_KEY.getKeyID()).build();
        var forged = get(sign(borrowed, claims(MASKINPORTEN, AUDIENCE, "altinn:events.subscribe")
                .claim("consumer", Map.of("authority", "iso6523-actorid-upis", "ID", "0192:974760673")).build()),
                "/events/api/v1/events?resource=" + RESOURCE);
        assertUnauthorized(forged);
    }

    @Test
    void theDevelopmentIssuerIsOffWhenIssuersAreConfigured() {
        var response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"identity\":\"/org/skd\",\"scopes\":[\"altinn:events.publish.admin\"]}"))
                .build());
        assertThat(response.statusCode()).isNotEqualTo(200);
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void managementEndpointsAreServedOnTheManagementPortOnly() {
        assertThat(managementPort).isNotEqualTo(port);
        var readiness = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/readiness")).build());
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        var metrics = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/prometheus")).build());
        assertThat(metrics.body()).contains("budstikke_events_accepted_total");

        var publicMetrics = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prometheus")).build());
        assertThat(publicMetrics.statusCode()).isNotEqualTo(200);
        assertThat(publicMetrics.body()).doesNotContain("budstikke_events_accepted_total");
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static String eventFrom(String source, String id) {
        return event(id, RESOURCE, COMPANY).replace("\"source\":\"urn:budstikke:test\"", "\"source\":\"" + source + "\"");
    }

    private HttpResponse<String> publish(String token, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/api/v1/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", STRUCTURED)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> get(String token, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder claims(String issuer, String audience, String scope) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(newId()).claim("scope", scope);
        return audience == null ? claims : claims.audience(audience);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey key(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuers' public keys, as each issuer publishes them, on loopback. */
    private static HttpServer jwksServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            serve(server, "/maskinporten/jwks", new JWKSet(MASKINPORTEN_KEY.toPublicJWK()));
            serve(server, "/idporten/jwks", new JWKSet(IDPORTEN_KEY.toPublicJWK()));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void serve(HttpServer server, String path, JWKSet keys) {
        byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }
}
