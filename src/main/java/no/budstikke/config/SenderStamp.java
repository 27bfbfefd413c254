package no.budstikke.config;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Stamps every message sent to {@value BrokerSecurity#INBOUND} with the broker user that authenticated the
 * sending session, overwriting whatever the sender put there: the AMQP door publishes as that user's identity, so
 * the name must come from the broker, never from the message. (Artemis's own validated-user property is not
 * kept on AMQP messages.)
 */
public final class SenderStamp implements ActiveMQServerMessagePlugin {

    public static final String PROPERTY = "budstikke_broker_user";

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) {
        if (BrokerSecurity.INBOUND.equals(String.valueOf(message.getAddress()))) {
            String user = session == null ? null : session.getValidatedUser();
            message.putStringProperty(PROPERTY, user == null ? "" : user);
        }
    }
}
