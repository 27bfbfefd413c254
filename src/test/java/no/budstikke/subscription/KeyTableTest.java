package no.budstikke.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class KeyTableTest {

    @Test
    void putsAndRemovesInAnyOrderLeaveExactlyTheKeysStillPut() {
        KeyTable table = new KeyTable(0);
        Map<List<Long>, Integer> expected = new HashMap<>();
        Random random = new Random(3);
        for (int i = 0; i < 300_000; i++) {
            // Few distinct keys, so removals hit probe runs that others share.
            long first = random.nextInt(64);
            long second = random.nextInt(2_000) - 1_000L;
            if (random.nextInt(3) == 0) {
                table.remove(first, second);
                expected.remove(List.of(first, second));
            } else {
                table.put(first, second, i);
                expected.put(List.of(first, second), i);
            }
        }

        assertThat(table.size()).isEqualTo(expected.size());
        for (long first = 0; first < 64; first++) {
            for (long second = -1_000; second < 1_000; second++) {
                assertThat(table.get(first, second))
                        .isEqualTo(expected.getOrDefault(List.of(first, second), KeyTable.ABSENT));
            }
        }
    }
}
