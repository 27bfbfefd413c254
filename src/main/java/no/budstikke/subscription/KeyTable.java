package no.budstikke.subscription;

import java.util.Arrays;

/**
 * A hash table from a pair of longs to a non-negative int, in three flat arrays, for the {@link SubscriptionIndex}:
 * however many keys it holds, the garbage collector sees three objects and has nothing inside them to follow.
 * Open addressing with linear probing; a removal shifts the entries behind it back, so no tombstones build up
 * under a long run of puts and removes. Not thread-safe.
 */
final class KeyTable {

    static final int ABSENT = -1;

    private long[] firsts;
    private long[] seconds;
    private int[] values;
    private int mask;
    private int size;

    KeyTable(int expected) {
        allocate(capacityFor(expected));
    }

    int get(long first, long second) {
        for (int i = home(first, second); values[i] != ABSENT; i = (i + 1) & mask) {
            if (firsts[i] == first && seconds[i] == second) {
                return values[i];
            }
        }
        return ABSENT;
    }

    void put(long first, long second, int value) {
        int i = home(first, second);
        for (; values[i] != ABSENT; i = (i + 1) & mask) {
            if (firsts[i] == first && seconds[i] == second) {
                values[i] = value;
                return;
            }
        }
        firsts[i] = first;
        seconds[i] = second;
        values[i] = value;
        // Half full at most, so probe runs stay short; growing copies every entry once per doubling.
        if (++size * 2 > values.length) {
            rehash(values.length * 2);
        }
    }

    void remove(long first, long second) {
        int gap = home(first, second);
        while (values[gap] != ABSENT && (firsts[gap] != first || seconds[gap] != second)) {
            gap = (gap + 1) & mask;
        }
        if (values[gap] == ABSENT) {
            return;
        }
        // Pull back each later entry of the run whose home is not between the gap and itself.
        for (int i = (gap + 1) & mask; values[i] != ABSENT; i = (i + 1) & mask) {
            if (((i - home(firsts[i], seconds[i])) & mask) >= ((i - gap) & mask)) {
                firsts[gap] = firsts[i];
                seconds[gap] = seconds[i];
                values[gap] = values[i];
                gap = i;
            }
        }
        values[gap] = ABSENT;
        size--;
    }

    int size() {
        return size;
    }

    private int home(long first, long second) {
        long h = first * 0x9E3779B97F4A7C15L + second;
        h = (h ^ (h >>> 32)) * 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private void rehash(int capacity) {
        long[] oldFirsts = firsts;
        long[] oldSeconds = seconds;
        int[] oldValues = values;
        allocate(capacity);
        for (int j = 0; j < oldValues.length; j++) {
            if (oldValues[j] != ABSENT) {
                int i = home(oldFirsts[j], oldSeconds[j]);
                while (values[i] != ABSENT) {
                    i = (i + 1) & mask;
                }
                firsts[i] = oldFirsts[j];
                seconds[i] = oldSeconds[j];
                values[i] = oldValues[j];
            }
        }
    }

    private void allocate(int capacity) {
        firsts = new long[capacity];
        seconds = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, ABSENT);
        mask = capacity - 1;
    }

    static int capacityFor(int expected) {
        int capacity = 16;
        while (capacity < 2L * expected) {
            capacity <<= 1;
        }
        return capacity;
    }
}
