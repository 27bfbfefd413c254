package no.budstikke.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The development token issuer: signs short-lived JWTs with a key made at start, so a new user can call the API
 * with one curl. It exists only while no real issuer is configured.
 */
public final class DevTokenIssuer {

    public static final String ISSUER = "urn:budstikke:dev-issuer";

    /** The condition the issuer and its endpoint exist under: no external issuer configured in any way. */
    public static final String ONLY_WITHOUT_EXTERNAL_ISSUER = "'${spring.security.oauth2.resourceserver.jwt.issuer-uri:}'.isEmpty() "
            + "and '${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}'.isEmpty() "
            + "and '${budstikke.security.issuers[0].issuer-uri:}'.isEmpty()";

    /**
     * The key pair and what is built from it, made on a thread of its own: an RSA key takes a cold JVM one to several
     * seconds of CPU, which need not hold up the start; the first token issued or checked waits for it.
     */
    private final CompletableFuture<Keys> keys;
    private final Duration lifetime;

    public DevTokenIssuer(Duration lifetime) {
        this.lifetime = lifetime;
        // The common pool's threads are daemons: a start that fails does not wait for the key.
        this.keys = CompletableFuture.supplyAsync(Keys::generate);
    }

    private record Keys(NimbusJwtEncoder encoder, JwtDecoder decoder) {

        static Keys generate() {
            KeyPair pair;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("RSA is missing from this JVM", e);
            }
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            RSAKey jwk = new RSAKey.Builder(publicKey).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new Keys(new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk))),
                    NimbusJwtDecoder.withPublicKey(publicKey).build());
        }
    }

    public String issue(String identity, List<String> scopes) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(identity)
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .id(UUID.randomUUID().toString())
                .claim("scope", String.join(" ", scopes))
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).build();
        return keys.join().encoder().encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Checks tokens against the issuer's key, once it is made. */
    public JwtDecoder decoder() {
        return token -> keys.join().decoder().decode(token);
    }
}
