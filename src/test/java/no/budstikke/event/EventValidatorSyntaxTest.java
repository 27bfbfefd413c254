package no.budstikke.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The validator's hand-written syntax checks (attribute name, URN, RFC 3339 time) accept exactly what the regular
 * expressions and {@code OffsetDateTime.parse} they replaced accepted: on chosen cases, and on many random edits of
 * valid and invalid values (seeded, so a failure repeats).
 */
class EventValidatorSyntaxTest {

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]{1,20}");
    private static final Pattern URN = Pattern.compile(
            "(?i)urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,\\-.:=@;$_!*'%/?#~&]+");
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    /** Characters the random edits insert: those the checks care about, and some they must refuse. */
    private static final String ALPHABET = "0123456789aztTzZAUNRrun:-+.()',=@;$_!*%/?#~&é \t\u00a0١";

    private static boolean referenceTime(String value) {
        if (!RFC3339.matcher(value).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(value.toUpperCase(Locale.ROOT));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T10:00:00Z", "2024-05-01t10:00:00z", "2024-05-01T10:00:00.1+02:00",
            "2024-05-01T10:00:00.123456789-18:00", "2024-02-29T23:59:59+18:00", "0000-01-01T00:00:00-00:00",
            "2023-02-29T10:00:00Z", "2024-04-31T10:00:00Z", "2024-13-01T10:00:00Z", "2024-00-10T10:00:00Z",
            "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "2024-05-01T10:00:60Z", "2024-05-01T10:00:00+18:01",
            "2024-05-01T10:00:00+19:00", "2024-05-01T10:00:00+02:60", "2024-05-01T10:00:00.Z",
            "2024-05-01T10:00:00.1234567890Z", "2024-05-01T10:00:00", "2024-05-01 10:00:00Z", "2024-05-01T10:00:00+0200",
            "24-05-01T10:00:00Z", "2024-05-01T10:00:00Zx", "", "yesterday", "2024-05-01T10:00:00.5"})
    void timesAreJudgedAsBefore(String value) {
        assertThat(EventValidator.isRfc3339(value)).as(value).isEqualTo(referenceTime(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"urn:altinn:resource:skd-skattemelding", "URN:Altinn:x", "urn:a:b", "urn:a-:b", "urn:-a:b",
            "urn:a:", "urn::b", "urn:a", "urn:", "urn", "urx:a:b", "urn:a b:c", "urn:a:b c", "urn:é:b", "urn:a:é",
            "urn:a123456789012345678901234567890b:c", "urn:a1234567890123456789012345678901:c",
            "urn:a12345678901234567890123456789012:c", "urn:x:()+,-.:=@;$_!*'%/?#~&", "urn:x:a\"b", "urn:x:a[b]"})
    void urnsAreJudgedAsBefore(String value) {
        assertThat(EventValidator.isUrn(value)).as(value).isEqualTo(URN.matcher(value).matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "resource", "abcdefghij0123456789", "abcdefghij0123456789x", "", "Resource", "data_x",
            "a-b", "é"})
    void attributeNamesAreJudgedAsBefore(String value) {
        assertThat(EventValidator.isAttributeName(value)).as(value).isEqualTo(ATTRIBUTE_NAME.matcher(value).matches());
    }

    @Test
    void randomEditsAreJudgedAsBefore() {
        Random random = new Random(20261201);
        agreeOnEdits(random, List.of("2024-05-01T10:00:00Z", "2024-02-29t23:59:59.123+05:30", "1999-12-31T00:00:00-18:00"),
                EventValidator::isRfc3339, EventValidatorSyntaxTest::referenceTime);
        agreeOnEdits(random, List.of("urn:altinn:resource:app_ttd_demo", "URN:a-b:x()+,", "urn:a:b"),
                EventValidator::isUrn, value -> URN.matcher(value).matches());
        agreeOnEdits(random, List.of("resource", "a1", "abcdefghij0123456789"),
                EventValidator::isAttributeName, value -> ATTRIBUTE_NAME.matcher(value).matches());
    }

    /** 20 000 values made by one to three random edits (replace, insert, delete a character) of the seeds. */
    private static void agreeOnEdits(Random random, List<String> seeds, Predicate<String> check,
            Predicate<String> reference) {
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder value = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = value.length() == 0 ? 0 : random.nextInt(value.length());
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> {
                        if (value.length() > 0) {
                            value.setCharAt(at, c);
                        }
                    }
                    case 1 -> value.insert(at, c);
                    default -> {
                        if (value.length() > 0) {
                            value.deleteCharAt(at);
                        }
                    }
                }
            }
            String text = value.toString();
            boolean expected = reference.test(text);
            accepted += expected ? 1 : 0;
            if (check.test(text) != expected) {
                disagreements.add(text + " (expected " + expected + ")");
            }
        }
        assertThat(disagreements).isEmpty();
        // The edits reach both sides of the line, or the comparison would say little.
        assertThat(accepted).isBetween(100, 19_900);
    }
}
