package no.budstikke.pipeline;

import no.budstikke.authorization.Identity;
import no.budstikke.event.PublishInput;

/** What a door read off one request: who publishes, and the request as it arrived, before any parsing. */
public record Submission(Identity publisher, PublishInput input) {
}
