package no.budstikke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Reads the imports of src/main/java and holds the house to its layers (docs/architecture.md, "Layout"): a class
 * may use another package only if that package sits on a lower layer, so arrows point down and no two packages
 * can need each other.
 */
class PackageLayersTest {

    private static final Path SOURCES = Path.of("src/main/java/no/budstikke");

    /**
     * Top to bottom. The application class starts everything; config/ builds the beans of every package and is used
     * by none; the doors (ingress/) call the pipeline; the roles below it (connectors, analytics, broker, metrics,
     * security) are called by the doors and the pipeline; web/ is the problem+json every HTTP answer and filter
     * writes; the domain packages do the work; store/ keeps events and event/ is the event itself; tracing/ (spans
     * as W3C traceparents) serves every stage. Within the domain, a package may use only those below it.
     */
    private static final List<Set<String>> LAYERS = List.of(
            Set.of("(application)"),
            Set.of("config"),
            Set.of("ingress"),
            Set.of("lifecycle"),
            Set.of("pipeline"),
            Set.of("connector", "analytics", "broker", "metrics", "security"),
            Set.of("web"),
            Set.of("delivery"),
            Set.of("subscription"),
            Set.of("authorization"),
            Set.of("store"),
            Set.of("event"),
            Set.of("tracing"));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?no\\.budstikke\\.([a-z]+)\\.",
            Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])no\\.budstikke\\.([a-z]+)\\.[A-Z]");

    @Test
    void everyPackageUsesOnlyPackagesBelowIt() {
        List<String> upward = new ArrayList<>();
        uses().forEach((from, packages) -> {
            for (String to : packages) {
                if (layer(to) <= layer(packageOf(from))) {
                    upward.add(from + " -> " + to);
                }
            }
        });
        assertThat(upward).as("uses of a package on the same or a higher layer").isEmpty();
    }

    @Test
    void everyPackageHasAPlaceInTheLayers() {
        Set<String> packages = new TreeSet<>();
        uses().keySet().forEach(type -> packages.add(packageOf(type)));
        assertThat(packages).allSatisfy(name -> assertThat(layer(name)).as(name).isNotNegative());
    }

    @Test
    void noTwoPackagesNeedEachOther() {
        Map<String, Set<String>> graph = new TreeMap<>();
        uses().forEach((from, packages) -> graph.computeIfAbsent(packageOf(from), p -> new TreeSet<>()).addAll(packages));
        List<String> cycles = new ArrayList<>();
        graph.forEach((start, next) -> next.stream()
                .filter(to -> reaches(graph, to, start, new TreeSet<>()))
                .forEach(to -> cycles.add(start + " -> " + to + " -> ... -> " + start)));
        assertThat(cycles).as("package cycles").isEmpty();
    }

    private static boolean reaches(Map<String, Set<String>> graph, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : graph.getOrDefault(from, Set.of())) {
            if (reaches(graph, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Per class ({@code package.Class}), the other packages of the hub its source names. */
    private static Map<String, Set<String>> uses() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                Path relative = SOURCES.relativize(file);
                String pkg = relative.getNameCount() == 1 ? "(application)" : relative.getName(0).toString();
                String type = pkg + "." + relative.getFileName().toString().replace(".java", "");
                Set<String> packages = new TreeSet<>();
                String source = read(file);
                for (Pattern pattern : List.of(IMPORT, QUALIFIED)) {
                    Matcher matcher = pattern.matcher(source);
                    while (matcher.find()) {
                        packages.add(matcher.group(1));
                    }
                }
                packages.remove(pkg);
                uses.put(type, packages);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(String type) {
        return type.substring(0, type.indexOf('.'));
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }
}
