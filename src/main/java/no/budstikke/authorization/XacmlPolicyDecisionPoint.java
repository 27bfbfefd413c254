package no.budstikke.authorization;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an external policy decision point, speaking the XACML 3.0 JSON profile the way Altinn Authorization's
 * {@code POST …/authorization/api/v1/authorize} understands it: identities become access subjects, resources and
 * the parties events are about become resource categories ({@link XacmlAttributes} has the mapping), and the
 * action is {@code read}, {@code publish} or {@code subscribe}.
 *
 * <p>Many questions are one HTTP request: a page of a query, or one event's fan-out to its consumers, goes as a
 * single multi-decision request with each subject and resource sent once ({@link XacmlMultiRequest}), and each
 * result is matched back to its questions by the ids it echoes ({@link XacmlDecisions}).
 *
 * <p>Fails closed: a timeout, an unreachable PDP, a non-2xx status, an answer that is not XACML JSON or one that
 * leaves questions unanswered denies those questions, tells the {@link PdpFailureListener} (so it can be counted)
 * and logs a warning that names neither identities nor credentials.
 *
 * <p>Subscribing is asked as its own action, {@code subscribe}, the way Altinn Events asks it, with the
 * subscription's subject filter as the resource's party; a policy can then let a consumer subscribe without
 * letting it query, or the reverse. Each push is still checked with {@code read}.
 */
public final class XacmlPolicyDecisionPoint implements PolicyDecisionPoint, AutoCloseable {

    static final String READ = "read";
    static final String PUBLISH = "publish";
    static final String SUBSCRIBE = "subscribe";

    private static final Logger LOG = LoggerFactory.getLogger(XacmlPolicyDecisionPoint.class);

    private final XacmlHttpClient client;
    private final PdpFailureListener failures;

    /**
     * @param endpoint        the PDP's decision endpoint, e.g. {@code https://…/authorization/api/v1/authorize}
     * @param responseTimeout how long a decision may take before every question in it is denied
     * @param subscriptionKey sent as {@code Ocp-Apim-Subscription-Key}; null or blank for none
     * @param bearerToken     asked for an access token before each request; null for none
     * @param maxConnections  pooled connections to the PDP, at most this many requests in flight at once
     * @param maxAnswerBytes  of one answer read; a longer answer denies the request whole
     * @param failures        told of every request that failed and was denied whole
     */
    public XacmlPolicyDecisionPoint(URI endpoint, Duration connectTimeout, Duration responseTimeout,
            String subscriptionKey, Supplier<String> bearerToken, int maxConnections, int maxAnswerBytes,
            PdpFailureListener failures) {
        this(new XacmlHttpClient(endpoint, connectTimeout, responseTimeout, subscriptionKey, bearerToken,
                maxConnections, maxAnswerBytes), failures);
    }

    XacmlPolicyDecisionPoint(XacmlHttpClient client, PdpFailureListener failures) {
        this.client = client;
        this.failures = failures;
    }

    @Override
    public boolean mayPublish(Identity publisher, String resource) {
        return decide(List.of(new XacmlQuestion(XacmlAttributes.subject(publisher), PUBLISH,
                XacmlAttributes.resource(resource))))[0];
    }

    @Override
    public boolean mayRead(Identity reader, EventAccess event) {
        return decide(List.of(read(reader, event)))[0];
    }

    @Override
    public boolean mayReadAll(Identity reader, String resource) {
        return decide(List.of(new XacmlQuestion(XacmlAttributes.subject(reader), READ,
                XacmlAttributes.resource(resource))))[0];
    }

    @Override
    public boolean maySubscribe(Identity consumer, String resource, String subject, String alternativeSubject) {
        return decide(List.of(new XacmlQuestion(XacmlAttributes.subject(consumer), SUBSCRIBE,
                XacmlAttributes.resource(resource, subject, alternativeSubject))))[0];
    }

    @Override
    public boolean[] mayRead(Identity reader, List<EventAccess> events) {
        return decide(events.stream().map(event -> read(reader, event)).toList());
    }

    @Override
    public boolean[] mayRead(List<ReadQuestion> questions) {
        return decide(questions.stream().map(q -> read(q.reader(), q.event())).toList());
    }

    private static XacmlQuestion read(Identity reader, EventAccess event) {
        return new XacmlQuestion(XacmlAttributes.subject(reader), READ,
                XacmlAttributes.resource(event.resource(), event.subject(), event.alternativeSubject()));
    }

    /** One decision per question, in order; all denied if the PDP cannot be asked or understood. */
    private boolean[] decide(List<XacmlQuestion> questions) {
        boolean[] decisions = new boolean[questions.size()];
        if (questions.isEmpty()) {
            return decisions;
        }
        XacmlMultiRequest request = new XacmlMultiRequest(questions);
        XacmlDecisions answer;
        try {
            answer = XacmlDecisions.read(client.post(json(request)), request);
        } catch (PdpFailureException e) {
            failed(e.reason(), e.getMessage() + "; denied " + questions.size() + " question(s)");
            return decisions;
        }
        for (int i = 0; i < decisions.length; i++) {
            decisions[i] = answer.permitted(request.referenceOf(i));
        }
        if (answer.unanswered() > 0) {
            failed("incomplete", "the policy decision point's answer left " + answer.unanswered() + " of "
                    + request.references() + " reference(s) unanswered; their questions were denied");
        }
        return decisions;
    }

    private void failed(String reason, String message) {
        LOG.warn("Policy decision point failure ({}): {}", reason, message);
        try {
            failures.failed(reason);
        } catch (RuntimeException e) {
            // counting must never turn a denial into an error for the caller
            LOG.debug("The PDP failure listener failed", e);
        }
    }

    private static byte[] json(XacmlMultiRequest request) {
        try {
            return XacmlJson.MAPPER.writeValueAsBytes(request.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A decision request could not be written as JSON", e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
