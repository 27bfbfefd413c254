package no.budstikke.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts an embedded PostgreSQL 17 with its data kept under {@code budstikke.embedded.postgres.data-dir}
 * whenever no external database ({@code spring.datasource.url}) is configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(BudstikkeProperties properties) throws IOException {
        var settings = properties.embedded().postgres();
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
