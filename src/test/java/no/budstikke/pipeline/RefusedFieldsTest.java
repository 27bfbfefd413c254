package no.budstikke.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import no.budstikke.event.FieldError;
import no.budstikke.event.InvalidEventException;
import no.budstikke.store.ConflictingEventException;
import org.junit.jupiter.api.Test;

/** The fields at fault a refusal is logged with: names only, each once, within a bound. */
class RefusedFieldsTest {

    @Test
    void fieldsAtFaultAreNamedOnceWithoutTheirBatchIndexes() {
        InvalidEventException refusal = new InvalidEventException("bad", List.of(new FieldError("[3].source", "x"),
                new FieldError("[0].time", "x"), new FieldError("source", "x"), new FieldError("[12]", "x"),
                new FieldError("$", "x")));
        assertThat(PublishPipeline.fields(refusal)).isEqualTo("$, source, time");
    }

    @Test
    void aNumberUsedAsAnAttributeNameIsBlottedOut() {
        assertThat(PublishPipeline.fields(new InvalidEventException("bad",
                List.of(new FieldError("[1].x01038712345", "x"))))).isEqualTo("x#");
    }

    @Test
    void aRefusalWithoutFieldsNamesNone() {
        assertThat(PublishPipeline.fields(new ConflictingEventException("urn:s", "1"))).isEmpty();
    }

    @Test
    void manyFieldsAreCutAtAWholeNameWithinTheLimit() {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            errors.add(new FieldError("extension" + (1000 + i), "x"));
        }
        String fields = PublishPipeline.fields(new InvalidEventException("bad", errors));
        assertThat(fields).startsWith("extension1000, extension1001").endsWith(", …");
        assertThat(fields.length()).isLessThanOrEqualTo(203);
        assertThat(fields.substring(0, fields.length() - 3)).matches("(extension\\d{4}, )*extension\\d{4}");
    }

    @Test
    void aSingleNameLongerThanTheLimitIsCutInsideIt() {
        // Other doors' field names are not bounded like the validator's: the refusal must still be logged, not fail.
        String fields = PublishPipeline.fields(new InvalidEventException("bad", List.of(new FieldError("a".repeat(300), "x"))));
        assertThat(fields).isEqualTo("a".repeat(200) + "…");
    }
}
