package no.budstikke.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();

    private JwtDecoder delegate(Instant expiresAt) {
        return token -> {
            verifications.incrementAndGet();
            if (token.equals("forged")) {
                throw new BadJwtException("bad signature");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("/org/skd")
                    .issuedAt(NOW.minusSeconds(60)).expiresAt(expiresAt).build();
        };
    }

    @Test
    void aVerifiedTokenIsNotVerifiedAgainUntilItExpires() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(NOW.plusSeconds(3600)), 10, Clock.fixed(NOW, ZoneOffset.UTC));

        decoder.decode("token-a");
        decoder.decode("token-a");
        decoder.decode("token-a");

        assertThat(verifications).hasValue(1);
    }

    @Test
    void anExpiredCachedTokenIsVerifiedAgainAndThenRefused() {
        MutableClock clock = new MutableClock(NOW);
        JwtDecoder expiringDelegate = token -> {
            verifications.incrementAndGet();
            if (clock.instant().isAfter(NOW.plusSeconds(60))) {
                throw new BadJwtException("expired");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("/org/skd")
                    .issuedAt(NOW).expiresAt(NOW.plusSeconds(60)).build();
        };
        CachingJwtDecoder decoder = new CachingJwtDecoder(expiringDelegate, 10, clock);
        decoder.decode("token-a");

        clock.now = NOW.plusSeconds(61);

        assertThatThrownBy(() -> decoder.decode("token-a")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverCached() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(NOW.plusSeconds(3600)), 10, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void theCacheStaysWithinItsBound() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(NOW.plusSeconds(3600)), 2, Clock.fixed(NOW, ZoneOffset.UTC));

        decoder.decode("a");
        decoder.decode("b");
        decoder.decode("c");
        decoder.decode("a");

        assertThat(verifications).hasValue(4);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
