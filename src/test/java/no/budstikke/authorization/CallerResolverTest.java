package no.budstikke.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class CallerResolverTest {

    private final CallerResolver resolver = new CallerResolver();

    private static Jwt token(Consumer<Jwt.Builder> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "none").claim("iss", "https://issuer.test");
        claims.accept(builder);
        return builder.build();
    }

    private String resolved(Consumer<Jwt.Builder> claims) {
        return resolver.identityOf(token(claims)).map(Identity::value).orElse(null);
    }

    @Test
    void subjectAlreadyInHubNotationIsTheIdentity() {
        assertThat(resolved(t -> t.subject("/org/skd"))).isEqualTo("/org/skd");
        assertThat(resolved(t -> t.subject("/party/50001"))).isEqualTo("/party/50001");
    }

    @Test
    void subjectInHubNotationWinsOverAltinnClaims() {
        assertThat(resolved(t -> t.subject("/org/nav").claim("urn:altinn:org", "skd"))).isEqualTo("/org/nav");
    }

    @Test
    void altinnOrgClaimIsAnOrg() {
        assertThat(resolved(t -> t.subject("some-client-id").claim("urn:altinn:org", "skd"))).isEqualTo("/org/skd");
    }

    @Test
    void maskinportenConsumerIsAnOrganisationWithoutTheIcdPrefix() {
        Map<String, Object> consumer = Map.of("authority", "iso6523-actorid-upis", "ID", "0192:974760673");

        assertThat(resolved(t -> t.claim("consumer", consumer))).isEqualTo("/organisation/974760673");
    }

    @Test
    void consumerWithoutPrefixIsUsedAsIs() {
        assertThat(resolved(t -> t.claim("consumer", Map.of("ID", "974760673")))).isEqualTo("/organisation/974760673");
    }

    @Test
    void orgClaimWinsOverConsumer() {
        Map<String, Object> consumer = Map.of("authority", "iso6523-actorid-upis", "ID", "0192:974760673");

        assertThat(resolved(t -> t.claim("urn:altinn:org", "ttd").claim("consumer", consumer))).isEqualTo("/org/ttd");
    }

    @Test
    void pidIsAPerson() {
        assertThat(resolved(t -> t.claim("pid", "01038712345"))).isEqualTo("/person/01038712345");
    }

    @Test
    void altinnUserIdIsAUser() {
        assertThat(resolved(t -> t.claim("urn:altinn:userid", "1337"))).isEqualTo("/user/1337");
    }

    @Test
    void altinnPartyIdIsAParty() {
        assertThat(resolved(t -> t.claim("urn:altinn:partyid", "50001"))).isEqualTo("/party/50001");
    }

    @Test
    void tokenWithNothingUsableHasNoIdentity() {
        assertThat(resolver.identityOf(token(t -> t.subject("client-123").claim("scope", "altinn:events.publish"))))
                .isEmpty();
    }

    @Test
    void consumerWithoutAnIdHasNoIdentity() {
        assertThat(resolver.identityOf(token(t -> t.claim("consumer", Map.of("authority", "iso6523-actorid-upis")))))
                .isEmpty();
    }

    @Test
    void claimValueThatCannotFormAnIdentityHasNoIdentity() {
        assertThat(resolver.identityOf(token(t -> t.claim("urn:altinn:org", "not/an org")))).isEmpty();
    }
}
