package no.budstikke.config;


import no.budstikke.analytics.EventAnalytics;
import no.budstikke.authorization.AuditLog;
import no.budstikke.delivery.DeliveryAuthorizer;
import no.budstikke.delivery.DeliveryLog;
import no.budstikke.delivery.DeliveryOutcomes;
import no.budstikke.delivery.DeliveryTargets;
import no.budstikke.delivery.Dispatcher;
import no.budstikke.delivery.FanOutDelivery;
import no.budstikke.delivery.SubscriberQueueSweep;
import no.budstikke.delivery.SubscriptionValidation;
import no.budstikke.pipeline.AnalyticsRoutes;
import no.budstikke.pipeline.DeliveryRoutes;
import no.budstikke.pipeline.DispatchRoutes;
import no.budstikke.pipeline.StoreUpkeep;
import no.budstikke.pipeline.UpkeepRoutes;
import no.budstikke.pipeline.ValidationRoutes;
import no.budstikke.store.CommitSignal;
import no.budstikke.store.EventPartitions;
import no.budstikke.store.Leases;
import no.budstikke.store.RefusalLog;
import no.budstikke.tracing.Tracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the routes that run on timers and queues with their settings, so the routes read no properties
 * themselves (the pipeline does not depend on config/).
 */
@Configuration(proxyBeanMethods = false)
public class RoutesConfiguration {

    @Bean
    DispatchRoutes dispatchRoutes(Dispatcher dispatcher, CommitSignal commits, BudstikkeProperties properties) {
        return new DispatchRoutes(dispatcher, commits, properties.dispatch().period(), properties.dispatch().idleWait());
    }

    @Bean
    ValidationRoutes validationRoutes(SubscriptionValidation validation, Leases leases,
            BudstikkeProperties properties) {
        return new ValidationRoutes(validation, leases, properties.validation().period());
    }

    @Bean
    DeliveryRoutes deliveryRoutes(BudstikkeProperties properties, DeliveryTargets targets,
            DeliveryAuthorizer authorizer, FanOutDelivery fanOut, DeliveryOutcomes outcomes, DeliveryLog log,
            Tracing tracing) {
        return new DeliveryRoutes(properties.delivery().consumers(), targets, authorizer, fanOut, outcomes, log,
                tracing.on());
    }

    @Bean
    AnalyticsRoutes analyticsRoutes(EventAnalytics analytics, AnalyticsProperties analyticsProperties,
            BudstikkeProperties properties) {
        return new AnalyticsRoutes(analytics, analyticsProperties.enabled(), analyticsProperties.interval(),
                properties.store().retention(), analyticsProperties.upkeepDelay(), analyticsProperties.upkeepEvery());
    }

    @Bean
    StoreUpkeep storeUpkeep(EventPartitions partitions, DeliveryLog deliveryLog, AuditLog auditLog,
            RefusalLog refusalLog, Leases leases, BudstikkeProperties properties) {
        return new StoreUpkeep(partitions, deliveryLog, auditLog, refusalLog, leases, properties.store().retention(),
                properties.store().partitionsAhead(), properties.store().upkeepEvery());
    }

    @Bean
    UpkeepRoutes upkeepRoutes(StoreUpkeep store, ClusterProperties cluster, SubscriberQueueSweep queues,
            BudstikkeProperties properties) {
        return new UpkeepRoutes(store, cluster.leaseRenew(), queues,
                properties.broker().subscriberQueues().sweepInterval());
    }
}
