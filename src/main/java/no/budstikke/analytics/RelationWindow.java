package no.budstikke.analytics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The windows in which "a party used app A and then app B" is counted. Each pair is stored under the smallest
 * window its gap fits, so a query for a window sums that class and the ones below it.
 */
public enum RelationWindow {
    HOUR("PT1H", Duration.ofHours(1)),
    DAY("P1D", Duration.ofDays(1)),
    WEEK("P7D", Duration.ofDays(7)),
    MONTH("P30D", Duration.ofDays(30));

    /** The longest gap counted at all. */
    public static final Duration LONGEST = MONTH.length;

    private final String name;
    private final Duration length;

    RelationWindow(String name, Duration length) {
        this.name = name;
        this.length = length;
    }

    /** The ISO-8601 duration the API names the window by. */
    public String isoName() {
        return name;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(RelationWindow::isoName).toList();
    }

    /** The window named, or null. */
    public static RelationWindow named(String name) {
        return Arrays.stream(values()).filter(w -> w.name.equals(name)).findFirst().orElse(null);
    }

    /** The smallest window a gap fits in, or null when it is longer than the longest. */
    public static RelationWindow of(Duration gap) {
        return Arrays.stream(values()).filter(w -> gap.compareTo(w.length) <= 0).findFirst().orElse(null);
    }
}
