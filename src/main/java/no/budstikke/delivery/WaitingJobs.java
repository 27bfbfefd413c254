package no.budstikke.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import no.budstikke.authorization.EventAccess;

/**
 * Jobs of many events in one broker message: how jobs put back to wait travel. A paused endpoint's share of every
 * event would otherwise cost the broker one more message per event; packed, it costs one per few hundred.
 * The body holds, per event, its facts, its subscriptions and the event itself, each string length-prefixed; and,
 * only in a message marked {@value #TRACED} (some job in it has a trace context), each event's trace context after
 * its facts, so that messages written while tracing is off keep the layout of before.
 */
final class WaitingJobs {

    private static final String COUNT = "bsWaitingEvents";
    private static final String TRACED = "bsWaitingTraced";

    private WaitingJobs() {
    }

    /** Writes the events' jobs into as few messages as fit about {@code maxBytes} each (an event never split). */
    static List<BytesMessage> write(Session session, List<List<DeliveryJob>> events, int maxBytes) throws JMSException {
        List<BytesMessage> messages = new ArrayList<>();
        boolean traced = false;
        for (List<DeliveryJob> sameEvent : events) {
            traced |= sameEvent.get(0).traceparent() != null;
        }
        BytesMessage message = null;
        int bytes = 0;
        int count = 0;
        for (List<DeliveryJob> sameEvent : events) {
            byte[] json = sameEvent.get(0).eventJson().getBytes(StandardCharsets.UTF_8);
            if (message != null && bytes + json.length > maxBytes) {
                message.setIntProperty(COUNT, count);
                messages.add(message);
                message = null;
            }
            if (message == null) {
                message = session.createBytesMessage();
                if (traced) {
                    message.setBooleanProperty(TRACED, true);
                }
                bytes = 0;
                count = 0;
            }
            writeEvent(message, sameEvent, json, traced);
            bytes += json.length + 64 + 16 * sameEvent.size();
            count++;
        }
        if (message != null) {
            message.setIntProperty(COUNT, count);
            messages.add(message);
        }
        return messages;
    }

    static List<DeliveryJob> read(BytesMessage message) throws JMSException {
        int count = message.getIntProperty(COUNT);
        boolean traced = message.propertyExists(TRACED) && message.getBooleanProperty(TRACED);
        List<DeliveryJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = message.readLong();
            String eventId = readString(message);
            EventAccess access = new EventAccess(readString(message), readString(message), readString(message));
            long registered = message.readLong();
            int attempt = message.readInt();
            int generation = message.readInt();
            String traceparent = traced ? readString(message) : null;
            int subscriptions = message.readInt();
            UUID[] ids = new UUID[subscriptions];
            for (int s = 0; s < subscriptions; s++) {
                ids[s] = new UUID(message.readLong(), message.readLong());
            }
            String json = readString(message);
            for (UUID id : ids) {
                jobs.add(new DeliveryJob(id, seq, eventId, json, access, registered, attempt, generation, traceparent));
            }
        }
        return jobs;
    }

    private static void writeEvent(BytesMessage message, List<DeliveryJob> sameEvent, byte[] json, boolean traced)
            throws JMSException {
        DeliveryJob job = sameEvent.get(0);
        message.writeLong(job.eventSeq());
        writeString(message, job.eventId());
        writeString(message, job.access().resource());
        writeString(message, job.access().subject());
        writeString(message, job.access().alternativeSubject());
        message.writeLong(job.registeredAtMillis());
        message.writeInt(job.attempt());
        message.writeInt(job.generation());
        if (traced) {
            writeString(message, job.traceparent());
        }
        message.writeInt(sameEvent.size());
        for (DeliveryJob each : sameEvent) {
            message.writeLong(each.subscriptionId().getMostSignificantBits());
            message.writeLong(each.subscriptionId().getLeastSignificantBits());
        }
        message.writeInt(json.length);
        message.writeBytes(json);
    }

    private static void writeString(BytesMessage message, String value) throws JMSException {
        if (value == null) {
            message.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        message.writeInt(bytes.length);
        message.writeBytes(bytes);
    }

    private static String readString(BytesMessage message) throws JMSException {
        int length = message.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        int read = length == 0 ? 0 : message.readBytes(bytes);
        if (read != length) {
            throw new JMSException("Truncated waiting-jobs message");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
