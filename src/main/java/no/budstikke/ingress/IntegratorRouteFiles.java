package no.budstikke.ingress;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrator's routes: every {@code *.camel.yaml} file in the routes directory is loaded once the hub is up,
 * and looked at again every few seconds by the {@code integrator-route-files} timer — a new or changed file is
 * (re)loaded, a deleted one's routes removed,
 * without a restart. Each file stands alone: a broken one is reported (file, line, reason — in the log and in
 * {@code GET /events/api/v1/admin/routes}) and keeps the hub and every other file's routes running.
 */
public final class IntegratorRouteFiles {

    private static final Logger LOG = LoggerFactory.getLogger(IntegratorRouteFiles.class);
    private static final String SUFFIX = ".camel.yaml";

    private final CamelContext camel;
    private final Path directory;
    private final Duration interval;
    private final Map<Path, Loaded> files = new HashMap<>();
    private volatile boolean started;

    /** One file as last seen: when it was changed, the routes it gave, or why it could not be loaded. */
    public record Loaded(FileTime modified, List<String> routes, String error, Instant at) {
    }

    public IntegratorRouteFiles(CamelContext camel, Path directory, Duration interval) {
        this.camel = camel;
        this.directory = directory;
        this.interval = interval;
    }

    /** Loads the directory now, once the hub is up; from then on each {@link #rescan} looks at it again. */
    public synchronized void start() {
        scan();
        started = true;
    }

    /** How often the directory is looked at. */
    public Duration interval() {
        return interval;
    }

    /** Looks at the directory again, if it was loaded at start already (the timer may fire before the hub is up). */
    public void rescan() {
        if (started) {
            scanQuietly();
        }
    }

    /** Each file's state, for the admin API. */
    public synchronized Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("directory", directory.toAbsolutePath().toString());
        List<Map<String, Object>> list = new ArrayList<>();
        new TreeMap<>(files).forEach((file, loaded) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", file.getFileName().toString());
            entry.put("routes", loaded.routes());
            entry.put("error", loaded.error());
            entry.put("loaded", loaded.at().toString());
            list.add(entry);
        });
        status.put("files", list);
        return status;
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.warn("Looking at the routes directory {} failed: {}", directory, e.toString());
        }
    }

    synchronized void scan() {
        Map<Path, FileTime> present = new HashMap<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
                for (Path file : stream) {
                    present.put(file, Files.getLastModifiedTime(file));
                }
            } catch (IOException e) {
                LOG.warn("Cannot read the routes directory {}: {}", directory, e.toString());
                return;
            }
        }
        for (Path gone : new ArrayList<>(files.keySet())) {
            if (!present.containsKey(gone)) {
                remove(files.remove(gone).routes());
                LOG.info("Route file {} was removed; its routes are stopped and removed", gone.getFileName());
            }
        }
        present.forEach((file, modified) -> {
            Loaded before = files.get(file);
            if (before == null || !before.modified().equals(modified)) {
                files.put(file, load(file, modified, before));
            }
        });
    }

    private Loaded load(Path file, FileTime modified, Loaded before) {
        RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
        Resource resource = ResourceHelper.resolveResource(camel, "file:" + file.toAbsolutePath());
        try {
            // Parse first: a file that does not even parse leaves the routes it gave before running.
            loader.findRoutesBuilders(List.of(resource));
            if (before != null) {
                remove(before.routes());
            }
            Set<String> routes = loader.updateRoutes(List.of(resource));
            LOG.info("Route file {} loaded: {}", file.getFileName(), routes);
            return new Loaded(modified, List.copyOf(routes), null, Instant.now());
        } catch (Exception e) {
            String reason = reason(e);
            LOG.error("Route file {} is broken and was not loaded: {}", file.getFileName(), reason);
            return new Loaded(modified, before == null ? List.of() : before.routes(), reason, Instant.now());
        }
    }

    private void remove(List<String> routes) {
        for (String id : routes) {
            try {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("Removing route {} failed: {}", id, e.toString());
            }
        }
    }

    /** The innermost messages of the failure: where the YAML parser says the fault is, and what it is. */
    private static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && reason.indexOf(message) < 0) {
                reason.append(reason.length() == 0 ? "" : " — ").append(message.strip());
            }
        }
        return reason.length() == 0 ? failure.getClass().getSimpleName() : reason.toString();
    }
}
