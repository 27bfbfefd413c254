package no.budstikke.authorization;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hub's own policy decision point (DESIGN §4). A reader X may read an event of resource R about subject S
 * (and alternative subject A) when X owns R, X is S or A itself, X has a grant on R, or X holds a role for S or A
 * that R gives read access with. Publishing needs ownership or a place among R's publishers. Subscribing is
 * reading ahead of time: for a subject filter the same rule with R's subscribe roles, without one ownership or
 * a grant. Resources and grants are decided in memory ({@link PolicySnapshot}); only role questions reach the
 * {@link RoleDirectory}, all of one batch at once.
 */
public final class BuiltInPolicyDecisionPoint implements PolicyDecisionPoint {

    private final RoleDirectory roles;
    private volatile PolicySnapshot snapshot = PolicySnapshot.empty();

    public BuiltInPolicyDecisionPoint(RoleDirectory roles) {
        this.roles = roles;
    }

    /** Takes a new view of resources and grants (at start, and whenever they change on any node). */
    public void replace(PolicySnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public boolean mayPublish(Identity publisher, String resource) {
        ResourceRules rules = snapshot.resource(resource);
        return rules != null && (rules.owner().equals(publisher.value()) || rules.publishers().contains(publisher.value()));
    }

    @Override
    public boolean mayReadAll(Identity reader, String resource) {
        PolicySnapshot current = snapshot;
        ResourceRules rules = current.resource(resource);
        return rules != null && (rules.owner().equals(reader.value()) || current.hasGrant(reader.value(), resource));
    }

    @Override
    public boolean mayRead(Identity reader, EventAccess event) {
        return mayRead(List.of(new ReadQuestion(reader, event)))[0];
    }

    @Override
    public boolean[] mayRead(Identity reader, List<EventAccess> events) {
        return mayRead(events.stream().map(event -> new ReadQuestion(reader, event)).toList());
    }

    @Override
    public boolean[] mayRead(List<ReadQuestion> questions) {
        PolicySnapshot current = snapshot;
        boolean[] decisions = new boolean[questions.size()];
        List<Integer> byRole = new ArrayList<>();
        Set<RoleDirectory.HolderParty> pairs = new LinkedHashSet<>();
        for (int i = 0; i < decisions.length; i++) {
            ReadQuestion question = questions.get(i);
            String reader = question.reader().value();
            EventAccess event = question.event();
            ResourceRules rules = current.resource(event.resource());
            if (isParty(reader, event) || rules != null
                    && (rules.owner().equals(reader) || current.hasGrant(reader, event.resource()))) {
                decisions[i] = true;
            } else if (rules != null && !rules.readRoles().isEmpty() && hasParty(event)) {
                byRole.add(i);
                addPairs(pairs, reader, event.subject(), event.alternativeSubject());
            }
        }
        if (!byRole.isEmpty()) {
            Map<RoleDirectory.HolderParty, Set<String>> held = roles.roles(pairs);
            for (int i : byRole) {
                ReadQuestion question = questions.get(i);
                EventAccess event = question.event();
                decisions[i] = holdsAny(held, question.reader().value(), event.subject(), event.alternativeSubject(),
                        current.resource(event.resource()).readRoles());
            }
        }
        return decisions;
    }

    @Override
    public boolean maySubscribe(Identity consumer, String resource, String subject, String alternativeSubject) {
        if (mayReadAll(consumer, resource)) {
            return true;
        }
        ResourceRules rules = snapshot.resource(resource);
        if (rules == null || subject == null && alternativeSubject == null) {
            return false;
        }
        String holder = consumer.value();
        if (holder.equals(subject) || holder.equals(alternativeSubject)) {
            return true;
        }
        if (rules.subscribeRoles().isEmpty()) {
            return false;
        }
        Set<RoleDirectory.HolderParty> pairs = new LinkedHashSet<>();
        addPairs(pairs, holder, subject, alternativeSubject);
        return holdsAny(roles.roles(pairs), holder, subject, alternativeSubject, rules.subscribeRoles());
    }

    private static boolean isParty(String reader, EventAccess event) {
        return reader.equals(event.subject()) || reader.equals(event.alternativeSubject());
    }

    private static boolean hasParty(EventAccess event) {
        return event.subject() != null || event.alternativeSubject() != null;
    }

    private static void addPairs(Set<RoleDirectory.HolderParty> pairs, String holder, String subject, String alternative) {
        if (subject != null) {
            pairs.add(new RoleDirectory.HolderParty(holder, subject));
        }
        if (alternative != null) {
            pairs.add(new RoleDirectory.HolderParty(holder, alternative));
        }
    }

    private static boolean holdsAny(Map<RoleDirectory.HolderParty, Set<String>> held, String holder, String subject,
            String alternative, Set<String> wanted) {
        return intersects(held.get(new RoleDirectory.HolderParty(holder, subject)), wanted)
                || intersects(held.get(new RoleDirectory.HolderParty(holder, alternative)), wanted);
    }

    private static boolean intersects(Set<String> roles, Set<String> wanted) {
        if (roles == null) {
            return false;
        }
        for (String role : roles) {
            if (wanted.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
