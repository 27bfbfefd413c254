package no.budstikke.broker;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;

import no.budstikke.subscription.QueueReaders;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may do what on the embedded broker. No anonymous access: every connection from outside authenticates
 * (AMQP: SASL PLAIN) as one of the configured broker users. The hub itself connects in-VM, which needs no password
 * and may do everything; another hub node connecting over the network uses the hub's own user. Permissions:
 * publishers may only send to {@value #INBOUND}; a consumer may only read the queues configured for it (its
 * {@code amqp:} subscriptions' queues, by exact name or {@code nav.*} prefix); everything else is the hub's. Which
 * queues a reader may read is decided here by {@link QueueReaders}, not by Artemis's own wildcards ({@code nav.#}
 * would also match {@code nav}, and its most specific match would hide one user's entry behind another's).
 */
public final class BrokerSecurity implements ActiveMQSecurityManager5 {

    public static final String INBOUND = "events.inbound";
    public static final String INVALID = "events.inbound.invalid";
    static final String HUB_ROLE = "hub";
    static final String PUBLISHER_ROLE = "publisher";
    static final String READER_ROLE = "reader";

    private final Map<String, BrokerUser> users = new HashMap<>();
    private final QueueReaders readers;
    private final String hubUser;
    private final String hubPassword;

    public BrokerSecurity(List<BrokerUser> users, QueueReaders readers, String hubUser,
            String hubPassword) {
        for (BrokerUser user : users) {
            // The broker caches permissions by user name: a user named like the hub would share the hub's.
            if (user.username() == null || user.username().equals(hubUser)) {
                throw new IllegalStateException("A broker user needs a username other than the hub's own ("
                        + hubUser + ")");
            }
            this.users.put(user.username(), user);
        }
        this.readers = readers;
        this.hubUser = hubUser;
        this.hubPassword = hubPassword;
    }

    /** The address settings that go with these users: what each role may do where. */
    public Map<String, Set<Role>> roles() {
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        // Readers are offered everywhere but events.inbound; authorize() lets them read only their own queues.
        roles.put("#", Set.of(all(HUB_ROLE), readOnly(READER_ROLE)));
        roles.put(INBOUND, Set.of(all(HUB_ROLE), sendOnly(PUBLISHER_ROLE)));
        return roles;
    }

    /** The identity a broker user publishes as, or null when the user may not publish. */
    public String publisherOf(String username) {
        BrokerUser user = username == null ? null : users.get(username);
        return user == null ? null : user.publisher();
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
            return subject(hubUser, Set.of(HUB_ROLE));
        }
        if (user == null || password == null) {
            return null;
        }
        if (hubPassword != null && !hubPassword.isBlank() && user.equals(hubUser) && same(password, hubPassword)) {
            return subject(hubUser, Set.of(HUB_ROLE));
        }
        BrokerUser known = users.get(user);
        if (known == null || known.password() == null || !same(password, known.password())) {
            return null;
        }
        Set<String> roles = new HashSet<>();
        if (known.publisher() != null) {
            roles.add(PUBLISHER_ROLE);
        }
        if (!known.queues().isEmpty()) {
            roles.add(READER_ROLE);
        }
        return subject(user, roles);
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        Set<String> held = new HashSet<>();
        subject.getPrincipals(RolePrincipal.class).forEach(role -> held.add(role.getName()));
        for (Role role : roles) {
            if (held.contains(role.getName()) && checkType.hasRole(role)
                    && (!READER_ROLE.equals(role.getName()) || readsAll(subject, address))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }

    /** The address, or both halves of a fully qualified {@code address::queue}, must be the reader's. */
    private boolean readsAll(Subject subject, String address) {
        String user = subject.getPrincipals(UserPrincipal.class).stream().findFirst().map(UserPrincipal::getName)
                .orElse(null);
        if (user == null || address == null) {
            return false;
        }
        for (String name : address.split("::", -1)) {
            if (!readers.mayRead(user, name)) {
                return false;
            }
        }
        return true;
    }

    private static Subject subject(String user, Set<String> roles) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        roles.forEach(role -> subject.getPrincipals().add(new RolePrincipal(role)));
        return subject;
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Role all(String name) {
        Role role = new Role(name, true, true, true, true, true, true, true, true, true, true);
        return role;
    }

    private static Role sendOnly(String name) {
        return new Role(name, true, false, false, false, false, false, false, false, false, false);
    }

    private static Role readOnly(String name) {
        // consume and browse only: the queue is the hub's to create (with the subscription) and to remove
        return new Role(name, false, true, false, false, false, false, false, true, false, false);
    }
}
