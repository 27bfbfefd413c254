package no.budstikke.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import no.budstikke.authorization.Identity;

/**
 * Which broker user may read which subscriber queues, and for which identity: the hub lets an {@code amqp:{queue}}
 * subscription deliver only into a queue that a broker user acting for the subscription's consumer reads, and the
 * broker lets a user read only its own queues. A queue entry is an exact name ({@code nav.skattemelding}) or a
 * prefix written {@code nav.*} (every queue whose name starts with {@code nav.}, not {@code nav} itself).
 */
public final class QueueReaders {

    private static final String PREFIX_MARK = ".*";

    /** One broker user: the identity it acts for (null: none) and the queue entries it may read. */
    public record Reader(String username, String identity, List<String> queues) {

        public Reader {
            queues = queues == null ? List.of() : List.copyOf(queues);
        }
    }

    private final List<Reader> readers;

    /**
     * Refuses, so the hub does not start, a queue entry that is neither a queue name nor a prefix, a user with queues
     * but no identity (no subscription could fill them), and entries of two identities that cover a common queue
     * (events one may read would reach the other).
     */
    public QueueReaders(List<Reader> readers) {
        this.readers = List.copyOf(readers);
        List<String> problems = new ArrayList<>();
        for (Reader reader : this.readers) {
            for (String entry : reader.queues()) {
                if (entry == null || !SubscriptionRequestReader.QUEUE.matcher(name(entry)).matches()) {
                    problems.add(reader.username() + ": '" + entry + "' is neither a queue name (letters, digits, '.', "
                            + "'_', '-') nor a prefix such as nav.*");
                }
            }
            if (!reader.queues().isEmpty() && !Identity.isValid(reader.identity())) {
                problems.add(reader.username() + " reads queues but has no identity (/org/…) that its subscriptions "
                        + "are made as");
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(overlaps());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("budstikke.broker.users: " + String.join("; ", problems));
        }
    }

    /** Whether the broker user {@code username} may read {@code queue}; never one of the hub's own queues. */
    public boolean mayRead(String username, String queue) {
        return readers.stream().anyMatch(reader -> reader.username().equals(username) && reads(reader, queue));
    }

    /** Whether a broker user acting for {@code identity} may read {@code queue}: only then may it subscribe it. */
    public boolean readBy(String identity, String queue) {
        return readers.stream().anyMatch(reader -> Objects.equals(reader.identity(), identity) && reads(reader, queue));
    }

    private static boolean reads(Reader reader, String queue) {
        if (queue == null || SubscriptionRequestReader.RESERVED_QUEUE.matcher(queue).matches()) {
            return false;
        }
        return reader.queues().stream().anyMatch(entry -> covers(entry, queue));
    }

    /** An exact name covers itself; a prefix the names that start with it and go on ({@code nav.x}, not {@code nav.}). */
    static boolean covers(String entry, String queue) {
        if (!entry.endsWith(PREFIX_MARK)) {
            return entry.equals(queue);
        }
        String prefix = entry.substring(0, entry.length() - 1);
        return queue.length() > prefix.length() && queue.startsWith(prefix);
    }

    private List<String> overlaps() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < readers.size(); i++) {
            for (int j = i + 1; j < readers.size(); j++) {
                Reader a = readers.get(i);
                Reader b = readers.get(j);
                if (a.queues().isEmpty() || b.queues().isEmpty() || a.identity().equals(b.identity())) {
                    continue;
                }
                for (String x : a.queues()) {
                    for (String y : b.queues()) {
                        if (overlap(x, y)) {
                            problems.add(a.username() + " (" + a.identity() + ") and " + b.username() + " ("
                                    + b.identity() + ") both read " + (x.equals(y) ? x : x + " / " + y));
                        }
                    }
                }
            }
        }
        return problems;
    }

    private static boolean overlap(String x, String y) {
        boolean px = x.endsWith(PREFIX_MARK);
        boolean py = y.endsWith(PREFIX_MARK);
        if (px && py) {
            String a = x.substring(0, x.length() - 1);
            String b = y.substring(0, y.length() - 1);
            return a.startsWith(b) || b.startsWith(a);
        }
        return px ? covers(x, y) : py ? covers(y, x) : x.equals(y);
    }

    private static String name(String entry) {
        return entry.endsWith(PREFIX_MARK) ? entry.substring(0, entry.length() - PREFIX_MARK.length()) : entry;
    }
}
