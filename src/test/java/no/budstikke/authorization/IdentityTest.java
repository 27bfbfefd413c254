package no.budstikke.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdentityTest {

    @Test
    void personIdentityNeverPrintsThePersonNumber() {
        Identity person = new Identity("/person/01038712345");

        assertThat(person.toString()).isEqualTo("/person/***").doesNotContain("01038712345");
        assertThat(person.value()).isEqualTo("/person/01038712345");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/org/skd", "/organisation/974760673", "/user/1337", "/party/50001"})
    void otherIdentitiesPrintAsTheyAre(String value) {
        assertThat(new Identity(value)).hasToString(value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"skd", "/org/", "/company/1", "/org/a b", "/org/skd/extra", "/person/" + "1234567890123456789012345678901234567890123456789012345678901234567890"})
    void malformedIdentityIsRefused(String value) {
        assertThat(Identity.isValid(value)).isFalse();
        assertThatThrownBy(() -> new Identity(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
