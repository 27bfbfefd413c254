package no.budstikke.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The table a benchmark prints at the end (Markdown, ready for docs/benchmarks.md), echoing each row as it comes. */
final class BenchTable {

    private final String title;
    private final List<String[]> rows = new ArrayList<>();

    BenchTable(String title) {
        this.title = title;
    }

    void row(String what, String measured, String target, String notes) {
        rows.add(new String[] {what, measured, target, notes});
        System.out.printf("%s: %s %s%n", what, measured, notes);
    }

    void print() {
        System.out.println();
        System.out.printf("%s — %d cores, %s, Java %s%n", title, Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("java.version"));
        System.out.println("| measurement | result | target | notes |");
        System.out.println("|---|---|---|---|");
        for (String[] row : rows) {
            System.out.printf("| %s | %s | %s | %s |%n", row[0], row[1], row[2], row[3]);
        }
    }

    /** Resident memory of a process in MiB, or -1 when it cannot be read. */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
