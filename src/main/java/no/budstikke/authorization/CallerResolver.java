package no.budstikke.authorization;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Finds the caller's identity in a verified token: a {@code sub} already in the hub's notation, or Altinn's,
 * Maskinporten's and ID-porten's claims ({@code urn:altinn:org}, {@code consumer}, {@code pid},
 * {@code urn:altinn:userid}, {@code urn:altinn:partyid}). Each configured issuer names the claims its tokens
 * are read by, in order; tokens of the development or single Spring-configured issuer are read by all of them.
 */
public final class CallerResolver {

    /** The claims an identity may come from, in the order they are tried when the issuer names no order. */
    public static final List<String> CLAIMS = List.of("sub", "urn:altinn:org", "consumer", "pid",
            "urn:altinn:userid", "urn:altinn:partyid");

    private final Map<String, List<String>> claimsByIssuer;

    public CallerResolver() {
        this(Map.of());
    }

    /** {@code claimsByIssuer}: for tokens of each issuer ({@code iss}), the claims to read it by, in order. */
    public CallerResolver(Map<String, List<String>> claimsByIssuer) {
        claimsByIssuer.values().forEach(CallerResolver::checkClaims);
        this.claimsByIssuer = Map.copyOf(claimsByIssuer);
    }

    public Optional<Identity> identityOf(Jwt jwt) {
        String issuer = jwt.getClaimAsString("iss");
        List<String> claims = issuer == null ? CLAIMS : claimsByIssuer.getOrDefault(issuer, CLAIMS);
        for (String claim : claims) {
            Optional<Identity> identity = read(jwt, claim);
            if (identity.isPresent()) {
                return identity;
            }
        }
        return Optional.empty();
    }

    /** Refuses a claim the hub does not know how to read, so that a typing error stops the start. */
    public static void checkClaims(List<String> claims) {
        for (String claim : claims) {
            if (!CLAIMS.contains(claim)) {
                throw new IllegalArgumentException("unknown identity claim '" + claim + "'; known: " + CLAIMS);
            }
        }
    }

    private static Optional<Identity> read(Jwt jwt, String claim) {
        switch (claim) {
            case "sub":
                return Identity.isValid(jwt.getSubject()) ? Optional.of(new Identity(jwt.getSubject())) : Optional.empty();
            case "consumer":
                // Maskinporten: {"authority": "iso6523-actorid-upis", "ID": "0192:974760673"}.
                if (jwt.getClaims().get("consumer") instanceof Map<?, ?> map && map.get("ID") instanceof String id) {
                    int colon = id.indexOf(':');
                    return valid("/organisation/" + (colon < 0 ? id : id.substring(colon + 1)));
                }
                return Optional.empty();
            default:
                String value = jwt.getClaimAsString(claim);
                return value == null ? Optional.empty() : valid(prefixOf(claim) + value);
        }
    }

    private static String prefixOf(String claim) {
        return switch (claim) {
            case "urn:altinn:org" -> "/org/";
            case "pid" -> "/person/";
            case "urn:altinn:userid" -> "/user/";
            case "urn:altinn:partyid" -> "/party/";
            default -> throw new IllegalArgumentException(claim);
        };
    }

    private static Optional<Identity> valid(String value) {
        return Identity.isValid(value) ? Optional.of(new Identity(value)) : Optional.empty();
    }
}
