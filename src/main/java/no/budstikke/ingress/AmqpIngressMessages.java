package no.budstikke.ingress;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PublishDeniedException;
import no.budstikke.config.BrokerSecurity;
import no.budstikke.config.HubMetrics;
import no.budstikke.config.SenderStamp;
import no.budstikke.event.InvalidEventException;
import no.budstikke.event.PublishInput;
import no.budstikke.web.BudstikkeHeaders;
import no.budstikke.web.ProblemMapper;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.springframework.jms.core.JmsTemplate;

/**
 * The AMQP door's edge: reads a message of {@code events.inbound} — the CloudEvents AMQP binding, structured
 * ({@code application/cloudevents+json}, a JSON array for a batch) or binary ({@code cloudEvents:}-prefixed
 * application properties, the data as the body) — into the pipeline's input, publishing as the identity its
 * authenticated broker user is configured with. A message the pipeline refuses goes to
 * {@code events.inbound.invalid} with the reason, so it never blocks the queue.
 */
public final class AmqpIngressMessages {


    /** Where Artemis keeps an AMQP message's content-type when a core client reads it. */
    private static final String AMQP_CONTENT_TYPE = "JMS_AMQP_ContentType";
    public static final String REASON = "budstikke_reason";
    private static final String ORIGINAL = "budstikke.amqp.original";

    private final BrokerSecurity security;
    private final JmsTemplate broker;
    private final HubMetrics metrics;
    private final ProblemMapper problems = new ProblemMapper();

    public AmqpIngressMessages(BrokerSecurity security, JmsTemplate broker, HubMetrics metrics) {
        this.security = security;
        this.broker = broker;
        this.metrics = metrics;
    }

    public void read(Exchange exchange) {
        Message message = exchange.getMessage(JmsMessage.class).getJmsMessage();
        exchange.setProperty(ORIGINAL, message);
        try {
            read(exchange, message);
        } catch (JMSException | RuntimeException e) {
            if (e instanceof PublishDeniedException denied) {
                throw denied;
            }
            throw new InvalidEventException("The AMQP message cannot be read: " + e.getMessage());
        }
    }

    private void read(Exchange exchange, Message message) throws JMSException {
        // The core message, not the JMS view: the binding's property names (cloudEvents:id) are not Java identifiers.
        ClientMessage core = ((ActiveMQMessage) message).getCoreMessage();
        String user = core.getStringProperty(SenderStamp.PROPERTY);
        String publisher = security.publisherOf(user);
        if (publisher == null) {
            throw new PublishDeniedException("Broker user " + user + " is not configured to publish events");
        }
        byte[] body = body(message);
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
        Object amqpContentType = core.getObjectProperty(SimpleString.of(AMQP_CONTENT_TYPE));
        String contentType = amqpContentType == null ? null : amqpContentType.toString();
        boolean batch = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents-batch+json");
        exchange.getIn().getHeaders().clear();
        exchange.getIn().setHeader(BudstikkeHeaders.CALLER, new Identity(publisher));
        exchange.getIn().setHeader(BudstikkeHeaders.BATCH, batch);
        exchange.getIn().setBody(new PublishInput(body, contentType, ceProperties, false));
    }

    /** Moves the refused message to the invalid queue with the reason; the original is then settled. */
    public void reject(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ProblemMapper.Mapped mapped = problems.map(failure);
        metrics.rejected(mapped.reason());
        Message original = exchange.getProperty(ORIGINAL, Message.class);
        String reason = mapped.problem().detail() + (mapped.problem().errors() == null || mapped.problem().errors().isEmpty() ? ""
                : " " + mapped.problem().errors().stream().map(e -> e.field() + ": " + e.message()).toList());
        broker.send(BrokerSecurity.INVALID, session -> {
            BytesMessage copy = session.createBytesMessage();
            if (original != null) {
                copy.writeBytes(body(original));
                ClientMessage core = ((ActiveMQMessage) original).getCoreMessage();
                ClientMessage target = ((ActiveMQMessage) copy).getCoreMessage();
                for (SimpleString name : core.getPropertyNames()) {
                    if (!name.toString().startsWith("_AMQ") && !name.toString().equals(SenderStamp.PROPERTY)) {
                        target.putObjectProperty(name, core.getObjectProperty(name));
                    }
                }
            }
            copy.setStringProperty(REASON, reason);
            return copy;
        });
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
