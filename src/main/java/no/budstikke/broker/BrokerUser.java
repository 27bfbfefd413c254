package no.budstikke.broker;

import java.util.List;

/**
 * A broker user: {@code identity} the hub identity it acts for, whose {@code amqp:} subscriptions may fill its
 * {@code queues} (exact names, or prefixes written {@code nav.*}); {@code publisher} the identity its messages to
 * events.inbound publish as (null: may not publish; {@code identity} alone does not let a user publish).
 */
public record BrokerUser(String username, String password, String identity, String publisher, List<String> queues) {

    public BrokerUser {
        queues = queues == null ? List.of() : List.copyOf(queues);
    }

    @Override
    public String toString() {
        return "BrokerUser[" + username + "]";
    }
}
