package no.budstikke.ingress;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PublishDeniedException;
import no.budstikke.broker.BrokerSecurity;
import no.budstikke.broker.SenderStamp;
import no.budstikke.event.InvalidEventException;
import no.budstikke.event.PublishInput;
import no.budstikke.event.Refusal;
import no.budstikke.pipeline.Submission;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * The AMQP door's edge: reads a message of {@code events.inbound} — the CloudEvents AMQP binding, structured
 * ({@code application/cloudevents+json}, {@code application/cloudevents-batch+json} for a JSON array) or binary
 * ({@code cloudEvents:}-prefixed application properties, the data as the body) — into the pipeline's input,
 * publishing as the identity its authenticated broker user is configured with; and writes the copy of a refused
 * message, with the reason, that goes to {@code events.inbound.invalid}. While tracing is on, a message's
 * {@code traceparent} application property (W3C Trace Context) is the parent of its publish.
 */
public final class AmqpIngressMessages {

    /** Where Artemis keeps an AMQP message's content-type when a core client reads it. */
    private static final String AMQP_CONTENT_TYPE = "JMS_AMQP_ContentType";
    public static final String REASON = "budstikke_reason";
    private static final SimpleString TRACEPARENT = SimpleString.of("traceparent");

    private final BrokerSecurity security;
    private final boolean traced;

    public AmqpIngressMessages(BrokerSecurity security) {
        this(security, false);
    }

    /** @param traced whether to read the trace context a message carries (tracing on) */
    public AmqpIngressMessages(BrokerSecurity security, boolean traced) {
        this.security = security;
        this.traced = traced;
    }

    /** Reads the message; a message that cannot be read, or whose sender may not publish, is refused. */
    public Submission read(Message message) {
        try {
            // The core message, not the JMS view: the binding's property names (cloudEvents:id) are not Java identifiers.
            ClientMessage core = ((ActiveMQMessage) message).getCoreMessage();
            String user = core.getStringProperty(SenderStamp.PROPERTY);
            String publisher = security.publisherOf(user);
            if (publisher == null) {
                throw new PublishDeniedException("Broker user " + user + " is not configured to publish events");
            }
            Map<String, String> ceProperties = new HashMap<>();
            for (SimpleString name : core.getPropertyNames()) {
                String lower = name.toString().toLowerCase(Locale.ROOT);
                if (lower.startsWith("cloudevents:") || lower.startsWith("cloudevents_")) {
                    Object value = core.getObjectProperty(name);
                    if (value != null) {
                        ceProperties.put(lower.substring("cloudevents:".length()), String.valueOf(value));
                    }
                }
            }
            Object contentType = core.getObjectProperty(SimpleString.of(AMQP_CONTENT_TYPE));
            Object traceparent = traced ? core.getObjectProperty(TRACEPARENT) : null;
            return new Submission(new Identity(publisher), new PublishInput(body(message),
                    contentType == null ? null : contentType.toString(), ceProperties, false),
                    traceparent == null ? null : traceparent.toString());
        } catch (JMSException | RuntimeException e) {
            if (e instanceof PublishDeniedException denied) {
                throw denied;
            }
            throw new InvalidEventException("The AMQP message cannot be read: " + e.getMessage());
        }
    }

    /** The refused message's copy for the invalid queue: its body and properties, and the refusal's explanation. */
    public Message invalid(Session session, Message original, Refusal refusal) throws JMSException {
        BytesMessage copy = session.createBytesMessage();
        copy.writeBytes(body(original));
        ClientMessage core = ((ActiveMQMessage) original).getCoreMessage();
        ClientMessage target = ((ActiveMQMessage) copy).getCoreMessage();
        for (SimpleString name : core.getPropertyNames()) {
            if (!name.toString().startsWith("_AMQ") && !name.toString().equals(SenderStamp.PROPERTY)) {
                target.putObjectProperty(name, core.getObjectProperty(name));
            }
        }
        copy.setStringProperty(REASON, refusal.explanation());
        return copy;
    }

    private static byte[] body(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return body;
        }
        if (message instanceof TextMessage text) {
            return text.getText() == null ? new byte[0] : text.getText().getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }
}
