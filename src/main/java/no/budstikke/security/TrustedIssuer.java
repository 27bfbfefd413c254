package no.budstikke.security;

import java.net.URI;
import java.util.List;

/**
 * One trusted token issuer: tokens whose {@code iss} is exactly {@code issuerUri} are verified with the keys at
 * {@code jwkSetUri} (signed with one of {@code algorithms}, default RS256), must name one of {@code audiences}
 * in {@code aud}, and name their caller by the first of {@code identityClaims} they carry.
 */
public record TrustedIssuer(String name, String issuerUri, URI jwkSetUri, List<String> audiences,
        List<String> identityClaims, List<String> algorithms) {

    public TrustedIssuer {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        identityClaims = identityClaims == null ? List.of() : List.copyOf(identityClaims);
        algorithms = algorithms == null || algorithms.isEmpty() ? List.of("RS256") : List.copyOf(algorithms);
    }
}
