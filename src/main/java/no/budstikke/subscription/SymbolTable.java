package no.budstikke.subscription;

import java.util.Arrays;

/**
 * The strings of the {@link SubscriptionIndex}, each kept once and named by an int: their characters side by side
 * in one char array, their places and counts in int arrays, so a million strings are a handful of objects to the
 * garbage collector. Equal strings get the same number, so the index compares numbers where it would compare
 * strings. A string is counted per use and its number freed with the last; the characters of freed strings are
 * squeezed out when they would make the array grow. Not thread-safe.
 */
final class SymbolTable {

    /** The number of {@code null}. */
    static final int NONE = -1;
    /** What {@link #find} answers for a string the table does not hold; equal to no symbol. */
    static final int UNKNOWN = -2;

    private char[] chars;
    private int charsUsed;
    private int charsFreed;
    // Per symbol: where its characters start, how many, its String.hashCode(), how many uses hold it.
    private int[] starts;
    private int[] lengths;
    private int[] hashes;
    private int[] uses;
    private int symbols;
    private int[] free = new int[16];
    private int freeCount;
    // Open addressing on the hash: symbol numbers, NONE where empty.
    private int[] slots;
    private int mask;
    private int live;

    SymbolTable(int expected) {
        int capacity = Math.max(16, expected);
        chars = new char[capacity * 16];
        starts = new int[capacity];
        lengths = new int[capacity];
        hashes = new int[capacity];
        uses = new int[capacity];
        slots = emptySlots(KeyTable.capacityFor(expected));
        mask = slots.length - 1;
    }

    /** The string's number, counting one more use of it. */
    int intern(String value) {
        if (value == null) {
            return NONE;
        }
        int hash = value.hashCode();
        int i = home(hash);
        for (int symbol; (symbol = slots[i]) != NONE; i = (i + 1) & mask) {
            if (hashes[symbol] == hash && matches(symbol, value)) {
                uses[symbol]++;
                return symbol;
            }
        }
        int symbol = allocate(value);
        hashes[symbol] = hash;
        uses[symbol] = 1;
        slots[i] = symbol;
        if (++live * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return symbol;
    }

    /** The string's number without counting a use: {@link #NONE} for null, {@link #UNKNOWN} if not held. */
    int find(String value) {
        if (value == null) {
            return NONE;
        }
        int hash = value.hashCode();
        for (int i = home(hash), symbol; (symbol = slots[i]) != NONE; i = (i + 1) & mask) {
            if (hashes[symbol] == hash && matches(symbol, value)) {
                return symbol;
            }
        }
        return UNKNOWN;
    }

    /** Counts one use fewer; the last frees the number. */
    void release(int symbol) {
        if (symbol < 0 || --uses[symbol] > 0) {
            return;
        }
        int gap = home(hashes[symbol]);
        while (slots[gap] != symbol) {
            gap = (gap + 1) & mask;
        }
        for (int i = (gap + 1) & mask, other; (other = slots[i]) != NONE; i = (i + 1) & mask) {
            if (((i - home(hashes[other])) & mask) >= ((i - gap) & mask)) {
                slots[gap] = other;
                gap = i;
            }
        }
        slots[gap] = NONE;
        live--;
        charsFreed += lengths[symbol];
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = symbol;
    }

    /** A new string equal to the one the number stands for; null for {@link #NONE}. */
    String string(int symbol) {
        return symbol == NONE ? null : new String(chars, starts[symbol], lengths[symbol]);
    }

    /** Whether {@code value} starts with the symbol's string, less its last {@code dropped} characters. */
    boolean isPrefixOf(int symbol, int dropped, String value) {
        int length = lengths[symbol] - dropped;
        if (value == null || value.length() < length) {
            return false;
        }
        for (int i = 0, at = starts[symbol]; i < length; i++) {
            if (chars[at + i] != value.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    boolean endsWith(int symbol, char last) {
        return lengths[symbol] > 0 && chars[starts[symbol] + lengths[symbol] - 1] == last;
    }

    private boolean matches(int symbol, String value) {
        return lengths[symbol] == value.length() && isPrefixOf(symbol, 0, value);
    }

    private int allocate(String value) {
        int symbol;
        if (freeCount > 0) {
            symbol = free[--freeCount];
        } else {
            if (symbols == starts.length) {
                int capacity = symbols + (symbols >> 1);
                starts = Arrays.copyOf(starts, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                hashes = Arrays.copyOf(hashes, capacity);
                uses = Arrays.copyOf(uses, capacity);
            }
            symbol = symbols++;
        }
        int length = value.length();
        if (charsUsed + length > chars.length) {
            makeRoom(length);
        }
        value.getChars(0, length, chars, charsUsed);
        starts[symbol] = charsUsed;
        lengths[symbol] = length;
        charsUsed += length;
        return symbol;
    }

    /** Squeezes out freed characters if they are a third of the array or more, else grows the array by half. */
    private void makeRoom(int length) {
        if (3L * charsFreed < chars.length) {
            chars = Arrays.copyOf(chars, Math.max(charsUsed + length, chars.length + (chars.length >> 1)));
            return;
        }
        int needed = charsUsed - charsFreed + length;
        char[] packed = new char[Math.max(chars.length, needed + (needed >> 1))];
        boolean[] freed = new boolean[symbols];
        for (int i = 0; i < freeCount; i++) {
            freed[free[i]] = true;
        }
        int at = 0;
        for (int symbol = 0; symbol < symbols; symbol++) {
            if (!freed[symbol]) {
                System.arraycopy(chars, starts[symbol], packed, at, lengths[symbol]);
                starts[symbol] = at;
                at += lengths[symbol];
            }
        }
        chars = packed;
        charsUsed = at;
        charsFreed = 0;
    }

    private int home(int hash) {
        // String hashes of numbered subjects differ little; mixing spreads them over the whole table.
        int h = (hash ^ (hash >>> 16)) * 0x85EBCA6B;
        h = (h ^ (h >>> 13)) * 0xC2B2AE35;
        return (h ^ (h >>> 16)) & mask;
    }

    private void rehash(int capacity) {
        int[] old = slots;
        slots = emptySlots(capacity);
        mask = capacity - 1;
        for (int symbol : old) {
            if (symbol != NONE) {
                int i = home(hashes[symbol]);
                while (slots[i] != NONE) {
                    i = (i + 1) & mask;
                }
                slots[i] = symbol;
            }
        }
    }

    private static int[] emptySlots(int capacity) {
        int[] empty = new int[capacity];
        Arrays.fill(empty, NONE);
        return empty;
    }
}
