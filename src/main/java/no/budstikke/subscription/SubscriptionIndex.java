package no.budstikke.subscription;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.StampedLock;
import java.util.function.IntFunction;

/**
 * The in-memory index the dispatcher matches every committed event against: subscriptions by resource, then by
 * subject, alternative subject, or neither; type and source filters are checked on the few candidates left.
 *
 * <p>It holds a million subscriptions in a few hundred objects, so that the garbage collector's concurrent marking,
 * which visits every live object again and again, has next to nothing to walk here: each subscription is a slot
 * number, its fields sit in parallel primitive arrays, its strings in one {@link SymbolTable}, and the lists of
 * subscriptions filed under one key are chains linked through two int arrays, their heads in a {@link KeyTable}.
 * A {@link Subscription} is built only for a match. Matching takes a read lock; a change takes the write lock for
 * the few microseconds it rewrites one chain, and a reload builds a whole new index aside and swaps it in at once.
 */
public final class SubscriptionIndex {

    private final StampedLock lock = new StampedLock();
    private Slots slots = new Slots(0);

    /** The attributes of an event that matching looks at. */
    public record EventKey(String resource, String source, String type, String subject, String alternativeSubject) {
    }

    /** Every indexed subscription whose filters the event satisfies. */
    public List<Subscription> match(EventKey event) {
        return collect(event, Slots::subscription);
    }

    /** The ids of every indexed subscription whose filters the event satisfies: {@link #match} without the rest. */
    public List<UUID> matchingIds(EventKey event) {
        return collect(event, Slots::id);
    }

    /** Adds or replaces a subscription. */
    public synchronized void put(Subscription subscription) {
        long stamp = lock.writeLock();
        try {
            slots.remove(subscription.id());
            slots.add(subscription);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public synchronized void remove(UUID id) {
        long stamp = lock.writeLock();
        try {
            slots.remove(id);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Replaces the whole index, e.g. after listening for changes was interrupted. */
    public synchronized void replaceAll(List<Subscription> subscriptions) {
        Slots loaded = new Slots(subscriptions.size());
        // Backwards, so that of several subscriptions with one id the last wins, as if each had been put.
        for (ListIterator<Subscription> it = subscriptions.listIterator(subscriptions.size()); it.hasPrevious();) {
            Subscription subscription = it.previous();
            if (!loaded.contains(subscription.id())) {
                loaded.add(subscription);
            }
        }
        long stamp = lock.writeLock();
        try {
            slots = loaded;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public int size() {
        long stamp = lock.readLock();
        try {
            return slots.size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public static boolean accepts(SubscriptionFilter filter, EventKey event) {
        if (filter.subject() != null && !filter.subject().equals(event.subject())) {
            return false;
        }
        if (filter.alternativeSubject() != null && !filter.alternativeSubject().equals(event.alternativeSubject())) {
            return false;
        }
        if (filter.sourcePrefix() != null && (event.source() == null || !event.source().startsWith(filter.sourcePrefix()))) {
            return false;
        }
        String type = filter.type();
        if (type == null) {
            return true;
        }
        // regionMatches rather than startsWith(substring): the same test without a new string per candidate.
        return type.endsWith("*")
                ? event.type().regionMatches(0, type, 0, type.length() - 1)
                : type.equals(event.type());
    }

    private <T> List<T> collect(EventKey event, SlotView<T> view) {
        long stamp = lock.readLock();
        try {
            Slots current = slots;
            return current.collect(event, slot -> view.at(current, slot));
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** What a match hands out for one slot. */
    private interface SlotView<T> {
        T at(Slots slots, int slot);
    }

    /**
     * One generation of the index: what replaceAll builds, and what put and remove change in place. Each
     * subscription occupies one slot; a subscription with a subject filter is chained under (resource, subject),
     * one with only an alternative-subject filter under (resource, alternative subject), and the rest under their
     * resource, where those with equal source and type filters lie next to each other so that an event is checked
     * once per run of equal filters rather than once per subscription.
     */
    private static final class Slots {

        private static final int END = -1;
        private static final long BY_SUBJECT = 1L << 32;
        private static final long BY_ALTERNATIVE = 2L << 32;
        private static final long WHOLE_RESOURCE = 3L << 32;
        // The first of a run of whole-resource subscriptions with one source and type filter.
        private static final long FILTER_RUN = 4L << 32;

        private final SymbolTable symbols;
        private final KeyTable chains;
        private final KeyTable byId;
        private final Policies policies = new Policies();
        private int size;
        private int used;
        private int[] free = new int[16];
        private int freeCount;

        private long[] idHigh;
        private long[] idLow;
        private int[] resource;
        private int[] subject;
        private int[] alternative;
        private int[] source;
        private int[] type;
        private int[] consumer;
        private int[] createdBy;
        private int[] endPoint;
        private int[] status;
        private int[] policy;
        private long[] createdSecond;
        // -1 where the subscription has no creation time.
        private int[] createdNano;
        private int[] createdOffset;
        private long[] number;
        private boolean[] includeSubunits;
        private int[] next;
        private int[] previous;

        Slots(int expected) {
            int capacity = Math.max(16, expected + expected / 8);
            symbols = new SymbolTable(expected * 2);
            chains = new KeyTable(expected);
            byId = new KeyTable(expected);
            allocate(capacity);
        }

        boolean contains(UUID id) {
            return byId.get(id.getMostSignificantBits(), id.getLeastSignificantBits()) != KeyTable.ABSENT;
        }

        void add(Subscription subscription) {
            int slot = freeCount > 0 ? free[--freeCount] : nextUnused();
            UUID id = subscription.id();
            SubscriptionFilter filter = subscription.filter();
            idHigh[slot] = id.getMostSignificantBits();
            idLow[slot] = id.getLeastSignificantBits();
            resource[slot] = symbols.intern(Objects.requireNonNull(filter.resource(), "resource"));
            subject[slot] = symbols.intern(filter.subject());
            alternative[slot] = symbols.intern(filter.alternativeSubject());
            source[slot] = symbols.intern(filter.sourcePrefix());
            type[slot] = symbols.intern(filter.type());
            consumer[slot] = symbols.intern(subscription.consumer());
            createdBy[slot] = symbols.intern(subscription.createdBy());
            endPoint[slot] = symbols.intern(subscription.endPoint());
            status[slot] = symbols.intern(subscription.status());
            policy[slot] = policies.hold(subscription.delivery());
            OffsetDateTime created = subscription.created();
            createdSecond[slot] = created == null ? 0 : created.toEpochSecond();
            createdNano[slot] = created == null ? -1 : created.getNano();
            createdOffset[slot] = created == null ? 0 : created.getOffset().getTotalSeconds();
            number[slot] = subscription.number();
            includeSubunits[slot] = subscription.includeSubunits();
            byId.put(idHigh[slot], idLow[slot], slot);
            file(slot);
            size++;
        }

        void remove(UUID id) {
            int slot = byId.get(id.getMostSignificantBits(), id.getLeastSignificantBits());
            if (slot == KeyTable.ABSENT) {
                return;
            }
            unfile(slot);
            byId.remove(idHigh[slot], idLow[slot]);
            for (int symbol : new int[] {resource[slot], subject[slot], alternative[slot], source[slot], type[slot],
                    consumer[slot], createdBy[slot], endPoint[slot], status[slot]}) {
                symbols.release(symbol);
            }
            policies.release(policy[slot]);
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, freeCount * 2);
            }
            free[freeCount++] = slot;
            size--;
        }

        <T> List<T> collect(EventKey event, IntFunction<T> view) {
            int r = symbols.find(event.resource());
            if (r < 0) {
                return List.of();
            }
            int eventSubject = symbols.find(event.subject());
            int eventAlternative = symbols.find(event.alternativeSubject());
            int eventType = symbols.find(event.type());
            List<T> matches = new ArrayList<>();
            int judged = END;
            boolean accepted = false;
            for (int slot = chains.get(WHOLE_RESOURCE | r, 0); slot != END; slot = next[slot]) {
                if (judged == END || source[slot] != source[judged] || type[slot] != type[judged]) {
                    judged = slot;
                    accepted = acceptsSourceAndType(slot, event, eventType);
                }
                if (accepted) {
                    matches.add(view.apply(slot));
                }
            }
            if (eventSubject >= 0) {
                collect(chains.get(BY_SUBJECT | r, eventSubject), event, eventSubject, eventAlternative, eventType,
                        view, matches);
            }
            if (eventAlternative >= 0) {
                collect(chains.get(BY_ALTERNATIVE | r, eventAlternative), event, eventSubject, eventAlternative,
                        eventType, view, matches);
            }
            return matches;
        }

        private <T> void collect(int first, EventKey event, int eventSubject, int eventAlternative, int eventType,
                IntFunction<T> view, List<T> matches) {
            for (int slot = first; slot != END; slot = next[slot]) {
                // Symbols are shared, so equal strings have equal numbers; a string the table lacks is UNKNOWN.
                if ((subject[slot] == SymbolTable.NONE || subject[slot] == eventSubject)
                        && (alternative[slot] == SymbolTable.NONE || alternative[slot] == eventAlternative)
                        && acceptsSourceAndType(slot, event, eventType)) {
                    matches.add(view.apply(slot));
                }
            }
        }

        /** {@link SubscriptionIndex#accepts}'s source and type tests, on the slot's symbols. */
        private boolean acceptsSourceAndType(int slot, EventKey event, int eventType) {
            if (source[slot] != SymbolTable.NONE && !symbols.isPrefixOf(source[slot], 0, event.source())) {
                return false;
            }
            int wanted = type[slot];
            if (wanted == SymbolTable.NONE) {
                return true;
            }
            return symbols.endsWith(wanted, '*') ? symbols.isPrefixOf(wanted, 1, event.type()) : wanted == eventType;
        }

        UUID id(int slot) {
            return new UUID(idHigh[slot], idLow[slot]);
        }

        Subscription subscription(int slot) {
            OffsetDateTime created = createdNano[slot] < 0 ? null : OffsetDateTime.ofInstant(
                    Instant.ofEpochSecond(createdSecond[slot], createdNano[slot]),
                    ZoneOffset.ofTotalSeconds(createdOffset[slot]));
            return new Subscription(id(slot), symbols.string(consumer[slot]), symbols.string(createdBy[slot]),
                    symbols.string(endPoint[slot]),
                    new SubscriptionFilter(symbols.string(resource[slot]), symbols.string(source[slot]),
                            symbols.string(subject[slot]), symbols.string(alternative[slot]), symbols.string(type[slot])),
                    policies.get(policy[slot]), symbols.string(status[slot]), created, number[slot],
                    includeSubunits[slot]);
        }

        /** Links the slot into the chain its filter files it under. */
        private void file(int slot) {
            int r = resource[slot];
            if (subject[slot] != SymbolTable.NONE || alternative[slot] != SymbolTable.NONE) {
                long kind = subject[slot] != SymbolTable.NONE ? BY_SUBJECT : BY_ALTERNATIVE;
                pushFirst(kind | r, chainKey(slot), slot);
                return;
            }
            long filter = filterKey(slot);
            int twin = chains.get(FILTER_RUN | r, filter);
            if (twin == KeyTable.ABSENT) {
                pushFirst(WHOLE_RESOURCE | r, 0, slot);
                chains.put(FILTER_RUN | r, filter, slot);
            } else {
                previous[slot] = twin;
                next[slot] = next[twin];
                if (next[twin] != END) {
                    previous[next[twin]] = slot;
                }
                next[twin] = slot;
            }
        }

        private void unfile(int slot) {
            int r = resource[slot];
            long kind = subject[slot] != SymbolTable.NONE ? BY_SUBJECT
                    : alternative[slot] != SymbolTable.NONE ? BY_ALTERNATIVE : WHOLE_RESOURCE;
            if (kind == WHOLE_RESOURCE) {
                long filter = filterKey(slot);
                if (chains.get(FILTER_RUN | r, filter) == slot) {
                    // The run keeps its place through a neighbour with the same filter, if one is left.
                    int successor = sameFilter(next[slot], slot) ? next[slot]
                            : sameFilter(previous[slot], slot) ? previous[slot] : END;
                    if (successor == END) {
                        chains.remove(FILTER_RUN | r, filter);
                    } else {
                        chains.put(FILTER_RUN | r, filter, successor);
                    }
                }
            }
            int after = next[slot];
            int before = previous[slot];
            if (after != END) {
                previous[after] = before;
            }
            if (before != END) {
                next[before] = after;
            } else if (after != END) {
                chains.put(kind | r, chainKey(slot), after);
            } else {
                chains.remove(kind | r, chainKey(slot));
            }
        }

        private void pushFirst(long first, long second, int slot) {
            int head = chains.get(first, second);
            previous[slot] = END;
            next[slot] = head;
            if (head != END) {
                previous[head] = slot;
            }
            chains.put(first, second, slot);
        }

        private long chainKey(int slot) {
            return subject[slot] != SymbolTable.NONE ? subject[slot]
                    : alternative[slot] != SymbolTable.NONE ? alternative[slot] : 0;
        }

        private long filterKey(int slot) {
            return ((long) source[slot] << 32) | (type[slot] & 0xFFFF_FFFFL);
        }

        private boolean sameFilter(int other, int slot) {
            return other != END && source[other] == source[slot] && type[other] == type[slot];
        }

        private int nextUnused() {
            if (used == idHigh.length) {
                allocate(used + (used >> 1));
            }
            return used++;
        }

        /** Allocates the slot arrays at the given capacity, keeping what they hold. */
        private void allocate(int capacity) {
            idHigh = copy(idHigh, capacity);
            idLow = copy(idLow, capacity);
            createdSecond = copy(createdSecond, capacity);
            number = copy(number, capacity);
            resource = copy(resource, capacity);
            subject = copy(subject, capacity);
            alternative = copy(alternative, capacity);
            source = copy(source, capacity);
            type = copy(type, capacity);
            consumer = copy(consumer, capacity);
            createdBy = copy(createdBy, capacity);
            endPoint = copy(endPoint, capacity);
            status = copy(status, capacity);
            policy = copy(policy, capacity);
            createdNano = copy(createdNano, capacity);
            createdOffset = copy(createdOffset, capacity);
            next = copy(next, capacity);
            previous = copy(previous, capacity);
            includeSubunits = includeSubunits == null ? new boolean[capacity]
                    : Arrays.copyOf(includeSubunits, capacity);
        }

        private static long[] copy(long[] values, int capacity) {
            return values == null ? new long[capacity] : Arrays.copyOf(values, capacity);
        }

        private static int[] copy(int[] values, int capacity) {
            return values == null ? new int[capacity] : Arrays.copyOf(values, capacity);
        }
    }

    /**
     * The delivery policies of the indexed subscriptions, each distinct one held once and counted per use: there
     * are few (most subscriptions keep the default), so they stay objects.
     */
    private static final class Policies {

        private final List<DeliveryPolicy> held = new ArrayList<>();
        private final List<Integer> uses = new ArrayList<>();
        private final Map<DeliveryPolicy, Integer> numbers = new HashMap<>();
        private final ArrayDeque<Integer> free = new ArrayDeque<>();

        int hold(DeliveryPolicy policy) {
            if (policy == null) {
                return -1;
            }
            Integer number = numbers.get(policy);
            if (number == null) {
                number = free.isEmpty() ? held.size() : free.pop();
                if (number == held.size()) {
                    held.add(policy);
                    uses.add(0);
                } else {
                    held.set(number, policy);
                }
                numbers.put(policy, number);
            }
            uses.set(number, uses.get(number) + 1);
            return number;
        }

        void release(int number) {
            if (number < 0) {
                return;
            }
            int left = uses.get(number) - 1;
            uses.set(number, left);
            if (left == 0) {
                numbers.remove(held.get(number));
                held.set(number, null);
                free.push(number);
            }
        }

        DeliveryPolicy get(int number) {
            return number < 0 ? null : held.get(number);
        }
    }
}
