package no.budstikke.broker;

import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Stamps every message sent to {@value BrokerSecurity#INBOUND} with the broker user that authenticated the
 * sending session, overwriting whatever the sender put there: the AMQP door publishes as that user's identity, so
 * the name must come from the broker, never from the message. (Artemis's own validated-user property is not
 * kept on AMQP messages.) On a broker of the Artemis distribution it is installed in {@code broker.xml} with the
 * property {@code trusted-users}: the cluster user, whose sessions carry messages already stamped by the broker
 * they were sent to (docs/operations.md, broker cluster); a broker loads only whole {@code ActiveMQServerPlugin}s from
 * its configuration.
 */
public final class SenderStamp implements ActiveMQServerPlugin {

    public static final String PROPERTY = "budstikke_broker_user";

    private Set<String> trustedUsers = Set.of();

    @Override
    public void init(Map<String, String> properties) {
        String trusted = properties.getOrDefault("trusted-users", "");
        trustedUsers = trusted.isBlank() ? Set.of() : Set.of(trusted.trim().split("\\s*,\\s*"));
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) {
        if (BrokerSecurity.INBOUND.equals(String.valueOf(message.getAddress()))) {
            String user = session == null ? null : session.getValidatedUser();
            if (user != null && trustedUsers.contains(user)) {
                return;
            }
            message.putStringProperty(PROPERTY, user == null ? "" : user);
            // Into the encoded message too: that is what the journal keeps and what a cluster bridge carries to the
            // other broker; an AMQP message changed only in memory would arrive there (or after a restart) unstamped.
            message.reencode();
        }
    }
}
