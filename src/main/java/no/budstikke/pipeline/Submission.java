package no.budstikke.pipeline;

import no.budstikke.authorization.Identity;
import no.budstikke.event.PublishInput;

/**
 * What a door read off one request: who publishes, and the request as it arrived, before any parsing; and the
 * trace context the request came with where the door's protocol carries one outside the hub's own HTTP tracing
 * (an AMQP message's {@code traceparent}), else null.
 */
public record Submission(Identity publisher, PublishInput input, String traceparent) {

    public Submission(Identity publisher, PublishInput input) {
        this(publisher, input, null);
    }
}
