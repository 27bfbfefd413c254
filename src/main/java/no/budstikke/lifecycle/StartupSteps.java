package no.budstikke.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ApplicationListener;
import org.springframework.core.metrics.StartupStep;

/**
 * Where a start's seconds go, for whoever tunes start-up: with the system property {@code budstikke.startup.steps}
 * set to a number N, Spring's start-up steps are recorded and the N that took longest by themselves (their time
 * less their nested steps') are logged once the hub is ready. Off by default: recording costs a little at start.
 */
public final class StartupSteps {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSteps.class);

    private StartupSteps() {
    }

    /** Read before the context exists, so a system property rather than a {@code budstikke.*} setting. */
    public static void recordIfAsked(SpringApplication application) {
        int top = Integer.getInteger("budstikke.startup.steps", 0);
        if (top <= 0) {
            return;
        }
        BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
        application.setApplicationStartup(startup);
        application.addListeners((ApplicationListener<ApplicationReadyEvent>) ready -> log(startup.getBufferedTimeline(), top));
    }

    private static void log(StartupTimeline timeline, int top) {
        List<StartupTimeline.TimelineEvent> events = timeline.getEvents();
        Map<Long, Duration> nested = new HashMap<>();
        for (StartupTimeline.TimelineEvent event : events) {
            Long parent = event.getStartupStep().getParentId();
            if (parent != null) {
                nested.merge(parent, event.getDuration(), Duration::plus);
            }
        }
        List<String> lines = new ArrayList<>();
        events.stream()
                .sorted(Comparator.comparing((StartupTimeline.TimelineEvent e) ->
                        e.getDuration().minus(nested.getOrDefault(e.getStartupStep().getId(), Duration.ZERO))).reversed())
                .limit(top)
                .forEach(e -> lines.add(String.format("%6d ms own, %6d ms in all  %s %s",
                        e.getDuration().minus(nested.getOrDefault(e.getStartupStep().getId(), Duration.ZERO)).toMillis(),
                        e.getDuration().toMillis(), e.getStartupStep().getName(), tags(e.getStartupStep()))));
        LOG.info("Start-up steps, {} recorded, the {} longest by their own time:\n{}", events.size(), top,
                String.join("\n", lines));
    }

    private static String tags(StartupStep step) {
        List<String> tags = new ArrayList<>();
        step.getTags().forEach(tag -> tags.add(tag.getKey() + "=" + tag.getValue()));
        return tags.stream().collect(Collectors.joining(", "));
    }
}
