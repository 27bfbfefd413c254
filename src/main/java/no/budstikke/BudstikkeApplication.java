package no.budstikke;

import no.budstikke.lifecycle.ShutdownSignals;
import no.budstikke.lifecycle.StartupSteps;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the Budstikke event hub: HTTP ingress, the event pipeline, the event store and the query API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BudstikkeApplication {

    public static void main(String[] args) {
        ShutdownSignals.install();
        SpringApplication application = new SpringApplication(BudstikkeApplication.class);
        StartupSteps.recordIfAsked(application);
        application.run(args);
    }
}
