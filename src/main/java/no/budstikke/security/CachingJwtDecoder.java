package no.budstikke.security;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that already passed verification until they expire: a publisher sends thousands of requests
 * with one token, and checking its RSA signature every time would cost more than storing the event.
 * Only successfully verified tokens are cached, keyed by their full text, and never past their {@code exp}.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

    public CachingJwtDecoder(JwtDecoder delegate, int maxEntries, Clock clock) {
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = verified.get(token);
        Instant now = clock.instant();
        if (cached != null) {
            if (cached.getExpiresAt() != null && cached.getExpiresAt().isAfter(now)) {
                return cached;
            }
            verified.remove(token);
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isAfter(now)) {
            if (verified.size() >= maxEntries) {
                // A crude bound: start over rather than track recency; verification is merely repeated.
                verified.clear();
            }
            verified.put(token, jwt);
        }
        return jwt;
    }
}
