package no.budstikke.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SymbolTableTest {

    @Test
    void equalStringsShareANumberUntilTheirLastUseIsReleased() {
        SymbolTable table = new SymbolTable(0);
        int first = table.intern(new String("/person/01038712345"));
        int second = table.intern(new String("/person/01038712345"));

        assertThat(second).isEqualTo(first);
        assertThat(table.find("/person/01038712345")).isEqualTo(first);
        table.release(first);
        assertThat(table.find("/person/01038712345")).isEqualTo(first);
        table.release(second);
        assertThat(table.find("/person/01038712345")).isEqualTo(SymbolTable.UNKNOWN);
        assertThat(table.find(null)).isEqualTo(SymbolTable.NONE);
        assertThat(table.string(SymbolTable.NONE)).isNull();
    }

    @Test
    void prefixTestsCompareTheStoredCharacters() {
        SymbolTable table = new SymbolTable(0);
        int type = table.intern("skattemelding.*");

        assertThat(table.endsWith(type, '*')).isTrue();
        assertThat(table.isPrefixOf(type, 1, "skattemelding.innsendt")).isTrue();
        assertThat(table.isPrefixOf(type, 1, "skattemelding")).isFalse();
        assertThat(table.isPrefixOf(type, 0, "skattemelding.innsendt")).isFalse();
        assertThat(table.isPrefixOf(type, 1, null)).isFalse();
    }

    @Test
    void longChurnKeepsEveryHeldStringIntactThroughGrowthAndPacking() {
        SymbolTable table = new SymbolTable(0);
        Random random = new Random(7);
        Map<String, List<Integer>> held = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            if (names.isEmpty() || random.nextInt(5) < 3) {
                String name = "/person/" + random.nextInt(50_000) + "-æøå".substring(0, random.nextInt(4));
                held.computeIfAbsent(name, n -> new ArrayList<>()).add(table.intern(name));
                names.add(name);
            } else {
                String name = names.remove(random.nextInt(names.size()));
                List<Integer> numbers = held.get(name);
                table.release(numbers.remove(numbers.size() - 1));
                if (numbers.isEmpty()) {
                    held.remove(name);
                }
            }
        }

        held.forEach((name, numbers) -> {
            assertThat(numbers).containsOnly(numbers.get(0));
            assertThat(table.find(name)).isEqualTo(numbers.get(0));
            assertThat(table.string(numbers.get(0))).isEqualTo(name);
        });
        for (int i = 0; i < 50_000; i++) {
            String name = "/person/" + i;
            assertThat(table.find(name) >= 0).isEqualTo(held.containsKey(name));
        }
    }
}
