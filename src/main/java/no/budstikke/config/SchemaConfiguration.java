package no.budstikke.config;

import no.budstikke.store.SchemaCheck;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the schema check in place of Spring Boot's plain migration, so a node on the wrong schema never starts. */
@Configuration(proxyBeanMethods = false)
public class SchemaConfiguration {

    @Bean
    FlywayMigrationStrategy schemaCheck(@Value("${budstikke.schema.migrate}") boolean migrate) {
        return flyway -> SchemaCheck.migrateOrRefuse(flyway, migrate);
    }
}
