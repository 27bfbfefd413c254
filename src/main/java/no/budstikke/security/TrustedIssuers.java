package no.budstikke.security;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import no.budstikke.authorization.CallerResolver;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/**
 * The external token issuers the hub trusts at once (e.g. Maskinporten, ID-porten and Altinn): a token is
 * verified only by the issuer its {@code iss} names — with that issuer's keys, audiences and algorithms — and a
 * token of any other issuer is refused (401) before anything else looks at it.
 */
public final class TrustedIssuers {

    private final Map<String, AuthenticationManager> managers = new HashMap<>();
    private final Map<String, List<String>> identityClaims = new HashMap<>();

    /**
     * Checks every issuer's settings and fails with a message naming the issuer and the setting.
     *
     * @param tokenCacheSize verified tokens each issuer's decoder remembers
     */
    public TrustedIssuers(List<TrustedIssuer> issuers, Duration jwksTimeout, int tokenCacheSize) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(jwksTimeout);
        requests.setReadTimeout(jwksTimeout);
        RestTemplate jwks = new RestTemplate(requests);
        for (TrustedIssuer issuer : issuers) {
            check(issuer);
            if (managers.containsKey(issuer.issuerUri())) {
                throw new UnsafeSecurityConfiguration("budstikke.security.issuers lists the issuer "
                        + issuer.issuerUri() + " twice", "Give each issuer one entry.");
            }
            managers.put(issuer.issuerUri(), new JwtAuthenticationProvider(decoderFor(issuer, jwks, tokenCacheSize))::authenticate);
            identityClaims.put(issuer.issuerUri(), issuer.identityClaims());
        }
    }

    /** Picks the issuer's own verification by the token's {@code iss}; an issuer not listed gets none (401). */
    public JwtIssuerAuthenticationManagerResolver resolver() {
        return new JwtIssuerAuthenticationManagerResolver(managers::get);
    }

    /** Reads each issuer's tokens by the claims configured for it. */
    public CallerResolver callerResolver() {
        return new CallerResolver(identityClaims);
    }

    private static void check(TrustedIssuer issuer) {
        String name = "budstikke.security.issuers[" + issuer.name() + "]";
        if (issuer.issuerUri() == null || issuer.issuerUri().isBlank()) {
            throw new UnsafeSecurityConfiguration(name + " has no issuer-uri",
                    "Set issuer-uri to the exact 'iss' value of the issuer's tokens.");
        }
        if (issuer.jwkSetUri() == null) {
            throw new UnsafeSecurityConfiguration(name + " has no jwk-set-uri",
                    "Set jwk-set-uri to the address of the issuer's public keys (its JWKS).");
        }
        if (issuer.audiences().isEmpty()) {
            throw new UnsafeSecurityConfiguration(name + " lists no audiences: tokens this issuer minted for any "
                    + "other service would be accepted by this hub",
                    "Set audiences to the audience value(s) the issuer puts in 'aud' for this hub.");
        }
        if (issuer.identityClaims().isEmpty()) {
            throw new UnsafeSecurityConfiguration(name + " lists no identity-claims",
                    "Set identity-claims to the claims its tokens name the caller by, e.g. [consumer] for "
                            + "Maskinporten, [pid] for ID-porten; known: " + CallerResolver.CLAIMS);
        }
        try {
            CallerResolver.checkClaims(issuer.identityClaims());
            issuer.algorithms().forEach(TrustedIssuers::algorithm);
        } catch (IllegalArgumentException e) {
            throw new UnsafeSecurityConfiguration(name + ": " + e.getMessage(), "Correct the setting.");
        }
    }

    private static JwtDecoder decoderFor(TrustedIssuer issuer, RestTemplate jwks, int tokenCacheSize) {
        Set<SignatureAlgorithm> algorithms = new LinkedHashSet<>();
        issuer.algorithms().forEach(name -> algorithms.add(algorithm(name)));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer.jwkSetUri().toString())
                .jwsAlgorithms(set -> set.addAll(algorithms))
                .restOperations(jwks)
                .build();
        List<String> audiences = issuer.audiences();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.stream().anyMatch(audiences::contains));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer.issuerUri()), audience));
        return new CachingJwtDecoder(decoder, tokenCacheSize, Clock.systemUTC());
    }

    private static SignatureAlgorithm algorithm(String name) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
        if (algorithm == null) {
            throw new IllegalArgumentException("unknown signature algorithm '" + name + "'");
        }
        return algorithm;
    }
}
