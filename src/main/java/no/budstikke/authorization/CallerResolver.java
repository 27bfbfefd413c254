package no.budstikke.authorization;

import java.util.Map;
import java.util.Optional;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Finds the caller's identity in a token: a {@code sub} already in the hub's notation, or Altinn's claims
 * ({@code urn:altinn:org}, {@code consumer}, {@code pid}, {@code urn:altinn:userid}, {@code urn:altinn:partyid}).
 */
public final class CallerResolver {

    public Optional<Identity> identityOf(Jwt jwt) {
        String subject = jwt.getSubject();
        if (Identity.isValid(subject)) {
            return Optional.of(new Identity(subject));
        }
        String org = jwt.getClaimAsString("urn:altinn:org");
        if (org != null) {
            return valid("/org/" + org);
        }
        Object consumer = jwt.getClaims().get("consumer");
        if (consumer instanceof Map<?, ?> map && map.get("ID") instanceof String id) {
            int colon = id.indexOf(':');
            return valid("/organisation/" + (colon < 0 ? id : id.substring(colon + 1)));
        }
        String pid = jwt.getClaimAsString("pid");
        if (pid != null) {
            return valid("/person/" + pid);
        }
        String user = jwt.getClaimAsString("urn:altinn:userid");
        if (user != null) {
            return valid("/user/" + user);
        }
        String party = jwt.getClaimAsString("urn:altinn:partyid");
        return party == null ? Optional.empty() : valid("/party/" + party);
    }

    private static Optional<Identity> valid(String value) {
        return Identity.isValid(value) ? Optional.of(new Identity(value)) : Optional.empty();
    }
}
