package no.budstikke.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;

import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PublishDeniedException;
import no.budstikke.event.EventTooLargeException;
import no.budstikke.event.FieldError;
import no.budstikke.event.InvalidEventException;
import no.budstikke.event.UnsupportedContentTypeException;
import no.budstikke.store.ConflictingEventException;
import no.budstikke.store.StoreUnavailableException;
import no.budstikke.store.UnknownCursorException;

class ProblemMapperTest {

    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void invalidEventIsBadRequestWithItsFieldErrors() {
        List<FieldError> errors = List.of(new FieldError("[2].time", "must be an RFC 3339 timestamp"));

        ProblemMapper.Mapped mapped = mapper.map(new InvalidEventException("The batch contains invalid events", errors));

        assertThat(mapped.problem().status()).isEqualTo(400);
        assertThat(mapped.problem().title()).isEqualTo("Bad Request");
        assertThat(mapped.problem().detail()).isEqualTo("The batch contains invalid events");
        assertThat(mapped.problem().errors()).isEqualTo(errors);
        assertThat(mapped.reason()).isEqualTo("invalid");
        assertThat(mapped.headers()).isEmpty();
    }

    @Test
    void invalidQueryIsBadRequestNamingTheParameter() {
        ProblemMapper.Mapped mapped = mapper.map(new InvalidQueryException("size", "must be between 1 and 1000"));

        assertThat(mapped.problem().status()).isEqualTo(400);
        assertThat(mapped.problem().errors()).containsExactly(new FieldError("size", "must be between 1 and 1000"));
        assertThat(mapped.reason()).isEqualTo("invalid-query");
    }

    @Test
    void unknownCursorIsBadRequestNamingAfter() {
        ProblemMapper.Mapped mapped = mapper.map(new UnknownCursorException("No event with id x"));

        assertThat(mapped.problem().status()).isEqualTo(400);
        assertThat(mapped.problem().errors()).extracting(FieldError::field).containsExactly("after");
        assertThat(mapped.reason()).isEqualTo("unknown-cursor");
    }

    @Test
    void conflictingEventIsConflict() {
        ProblemMapper.Mapped mapped = mapper.map(new ConflictingEventException("urn:s", "1"));

        assertThat(mapped.problem().status()).isEqualTo(409);
        assertThat(mapped.problem().detail()).contains("'urn:s'").contains("'1'");
        assertThat(mapped.reason()).isEqualTo("conflict");
    }

    @Test
    void tooLargeEventIsContentTooLarge() {
        ProblemMapper.Mapped mapped = mapper.map(new EventTooLargeException("The event is 300000 bytes"));

        assertThat(mapped.problem().status()).isEqualTo(413);
        assertThat(mapped.problem().detail()).isEqualTo("The event is 300000 bytes");
        assertThat(mapped.reason()).isEqualTo("too-large");
    }

    @Test
    void unsupportedContentTypeIsUnsupportedMediaType() {
        ProblemMapper.Mapped mapped = mapper.map(new UnsupportedContentTypeException("got text/csv"));

        assertThat(mapped.problem().status()).isEqualTo(415);
        assertThat(mapped.reason()).isEqualTo("unsupported-media-type");
    }

    @Test
    void publishDeniedIsForbidden() {
        ProblemMapper.Mapped mapped = mapper.map(
                new PublishDeniedException(new Identity("/org/nav"), "urn:altinn:resource:skd-skattemelding"));

        assertThat(mapped.problem().status()).isEqualTo(403);
        assertThat(mapped.problem().detail()).isEqualTo("/org/nav may not publish events of urn:altinn:resource:skd-skattemelding");
        assertThat(mapped.reason()).isEqualTo("forbidden");
    }

    @Test
    void storeUnavailableIsServiceUnavailableWithRetryAfterAndNoInternals() {
        ProblemMapper.Mapped mapped = mapper.map(
                new StoreUnavailableException("pool exhausted at db-1:5432", new SQLException("timeout")));

        assertThat(mapped.problem().status()).isEqualTo(503);
        assertThat(mapped.problem().detail()).contains("Retry later").doesNotContain("db-1");
        assertThat(mapped.headers()).containsEntry("Retry-After", "1");
        assertThat(mapped.reason()).isEqualTo("unavailable");
    }

    @Test
    void aSubscriberQueueTheBrokerCouldNotCreateIsServiceUnavailableSayingTheSubscriptionIsStored() {
        ProblemMapper.Mapped mapped = mapper.map(new no.budstikke.subscription.SubscriberQueueUnavailableException(
                "nav.skattemelding", new IllegalStateException("AMQ219007: Cannot connect to tcp://broker-1:5673")));

        assertThat(mapped.problem().status()).isEqualTo(503);
        assertThat(mapped.problem().detail()).contains("subscription is stored").doesNotContain("broker-1");
        assertThat(mapped.headers()).containsEntry("Retry-After", "1");
    }

    @Test
    void anythingElseIsInternalServerErrorWithoutLeakingItsMessage() {
        ProblemMapper.Mapped mapped = mapper.map(new NullPointerException("secret internal state"));

        assertThat(mapped.problem().status()).isEqualTo(500);
        assertThat(mapped.problem().detail()).doesNotContain("secret");
        assertThat(mapped.problem().type()).isEqualTo("about:blank");
        assertThat(mapped.reason()).isEqualTo("error");
    }

    @Test
    void methodNotAllowedNamesTheAllowedMethodInTheAllowHeader() {
        ProblemMapper.Mapped mapped = mapper.map(new MethodNotAllowedException("PUT", "GET"));

        assertThat(mapped.problem().status()).isEqualTo(405);
        assertThat(mapped.problem().title()).isEqualTo("Method Not Allowed");
        assertThat(mapped.headers()).containsEntry("Allow", "GET");
        assertThat(mapped.reason()).isEqualTo("method-not-allowed");
    }

    @Test
    void callerRefusedAnswersWithItsOwnStatusAndTitle() {
        assertThat(mapper.map(new CallerRefusedException(401, "only a service owner")).problem())
                .extracting(Problem::status, Problem::title).containsExactly(401, "Unauthorized");
        assertThat(mapper.map(new CallerRefusedException(403, "not yours")).problem())
                .extracting(Problem::status, Problem::title).containsExactly(403, "Forbidden");
    }

    @Test
    void refusalExplanationIsItsMessageAndEachFieldAtFaultOnOneLine() {
        InvalidEventException invalid = new InvalidEventException("The batch contains invalid events", List.of(
                new FieldError("[0].id", "is required"), new FieldError("[3].time", "must be an RFC 3339 timestamp")));

        assertThat(invalid.explanation()).isEqualTo("The batch contains invalid events "
                + "[[0].id: is required, [3].time: must be an RFC 3339 timestamp]");
        assertThat(new ConflictingEventException("urn:s", "1").explanation())
                .isEqualTo("An event with source 'urn:s' and id '1' is already stored with different content");
    }

    @Test
    void problemWithoutErrorsLeavesTheErrorsMemberOut() {
        ProblemMapper.Mapped mapped = mapper.map(new EventTooLargeException("big"));

        assertThat(mapped.problem().asMap()).containsOnlyKeys("type", "title", "status", "detail");
    }
}
