package no.budstikke.config;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import no.budstikke.authorization.Audit;
import no.budstikke.authorization.PolicyDecisionPoint;
import no.budstikke.authorization.PublishAuthorizer;
import no.budstikke.delivery.AmqpDelivery;
import no.budstikke.delivery.ArtemisDeliveryQueue;
import no.budstikke.delivery.ChangedSubscriptions;
import no.budstikke.delivery.DeliveryAuthorizer;
import no.budstikke.delivery.DeliveryLog;
import no.budstikke.delivery.DeliveryOutcomes;
import no.budstikke.delivery.DeliveryQueue;
import no.budstikke.delivery.DeliveryTargets;
import no.budstikke.delivery.Dispatcher;
import no.budstikke.delivery.EndpointGate;
import no.budstikke.delivery.EndpointValidator;
import no.budstikke.delivery.FanOutDelivery;
import no.budstikke.delivery.PushPermits;
import no.budstikke.delivery.Resend;
import no.budstikke.delivery.SubscriptionValidation;
import no.budstikke.delivery.WaitingSender;
import no.budstikke.delivery.WebhookDelivery;
import no.budstikke.delivery.WebhookPusher;
import no.budstikke.event.CloudEventCodec;
import no.budstikke.event.EventNormalizer;
import no.budstikke.ingress.http.HttpExchanges;
import no.budstikke.ingress.http.QueryRequests;
import no.budstikke.ingress.http.SubscriptionExchanges;
import no.budstikke.lifecycle.StopSequence;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.pipeline.CommitObserver;
import no.budstikke.pipeline.PublishPipeline;
import no.budstikke.store.CommitSignal;
import no.budstikke.store.EventPartitions;
import no.budstikke.store.EventStore;
import no.budstikke.store.GroupCommitWriter;
import no.budstikke.store.RefusalLog;
import no.budstikke.tracing.Tracing;
import no.budstikke.subscription.EndpointGuard;
import no.budstikke.subscription.QueueReaders;
import no.budstikke.subscription.SubscriberQueues;
import no.budstikke.subscription.SubscriptionChanges;
import no.budstikke.subscription.SubscriptionIndex;
import no.budstikke.subscription.SubscriptionRequestReader;
import no.budstikke.subscription.SubscriptionStore;
import no.budstikke.subscription.Subscriptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the domain classes of the pipeline (none of which knows Spring or Camel) into beans the routes call. */
@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

    @Bean
    CloudEventCodec cloudEventCodec() {
        return new CloudEventCodec();
    }

    @Bean
    EventNormalizer eventNormalizer(CloudEventCodec codec, BudstikkeProperties properties) {
        return new EventNormalizer(codec, properties.ingest().maxEventBytes(), properties.ingest().maxBatchBytes());
    }

    @Bean
    HubMetrics hubMetrics(MeterRegistry registry) {
        return new HubMetrics(registry);
    }

    @Bean
    EventPartitions eventPartitions(JdbcTemplate jdbc, BudstikkeProperties properties) {
        EventPartitions partitions = new EventPartitions(jdbc);
        partitions.ensureAhead(properties.store().partitionsAhead());
        return partitions;
    }

    @Bean
    EventStore eventStore(DataSource dataSource, EventPartitions partitions) {
        return new EventStore(dataSource);
    }

    @Bean
    CommitSignal commitSignal() {
        return new CommitSignal();
    }

    @Bean(destroyMethod = "close")
    GroupCommitWriter groupCommitWriter(EventStore store, BudstikkeProperties properties, HubMetrics metrics,
            CommitSignal commits, Tracing tracing) {
        return new GroupCommitWriter(store, properties.ingest().maxBatchSize(), properties.ingest().commitTimeout(),
                new CommitObserver(metrics, commits), tracing);
    }

    @Bean
    PublishPipeline publishPipeline(EventNormalizer normalizer, PublishAuthorizer authorizer, GroupCommitWriter writer,
            HubMetrics metrics, RefusalLog refusals, Tracing tracing) {
        return new PublishPipeline(normalizer, authorizer, writer, metrics, refusals, tracing);
    }

    @Bean(destroyMethod = "close")
    RefusalLog refusalLog(DataSource dataSource, BudstikkeProperties properties) {
        BudstikkeProperties.LogWriter writer = properties.logs().refusals();
        return new RefusalLog(dataSource, writer.capacity(), writer.batch());
    }

    @Bean
    HttpExchanges httpExchanges(com.fasterxml.jackson.databind.ObjectMapper mapper, BudstikkeProperties properties) {
        return new HttpExchanges(mapper, properties.ingest().maxBatchBytes());
    }

    @Bean
    QueryRequests queryRequests(EventStore store, BudstikkeProperties properties) {
        return new QueryRequests(store, properties.query().defaultSize(), properties.query().maxSize());
    }

    @Bean
    SubscriptionIndex subscriptionIndex() {
        return new SubscriptionIndex();
    }

    @Bean
    SubscriptionStore subscriptionStore(JdbcTemplate jdbc) {
        return new SubscriptionStore(jdbc);
    }

    @Bean(destroyMethod = "close")
    SubscriptionChanges subscriptionChanges(DataSource dataSource, SubscriptionStore store, SubscriptionIndex index,
            DeliveryTargets targets, EndpointGate gate) {
        return new SubscriptionChanges(dataSource, store, index, new ChangedSubscriptions(targets, gate));
    }

    @Bean
    Subscriptions subscriptions(SubscriptionStore store, PolicyDecisionPoint pdp, Audit audit, SubscriptionChanges changes,
            SubscriberQueues queues, QueueReaders readers) {
        return new Subscriptions(store, pdp, audit, changes, queues, readers);
    }

    @Bean
    SubscriptionValidation subscriptionValidation(JdbcTemplate jdbc, EndpointGuard guard, SubscriptionChanges changes,
            BudstikkeProperties properties) {
        return new SubscriptionValidation(jdbc, new EndpointValidator(guard, properties.delivery().origin(),
                properties.delivery().publicBaseUrl() + "/events/api/v1/subscriptions",
                properties.validation().connectTimeout(), properties.validation().timeout()), changes,
                properties.validation().batch(), properties.validation().claim(), properties.validation().backoff());
    }

    @Bean
    Dispatcher dispatcher(DataSource dataSource, SubscriptionIndex index, DeliveryQueue queue,
            BudstikkeProperties properties, Tracing tracing) {
        return new Dispatcher(dataSource, index, queue, properties.dispatch().pageSize(), tracing);
    }

    @Bean
    DeliveryQueue deliveryQueue(ConnectionFactory connectionFactory) {
        return new ArtemisDeliveryQueue(connectionFactory);
    }

    @Bean
    DeliveryTargets deliveryTargets(SubscriptionStore store) {
        return new DeliveryTargets(store);
    }

    @Bean
    EndpointGate endpointGate(BudstikkeProperties properties) {
        BudstikkeProperties.Circuit circuit = properties.delivery().circuit();
        return new EndpointGate(circuit.failures(), circuit.pause(), circuit.maxPause(), properties.delivery().busyWait(),
                System::currentTimeMillis);
    }

    @Bean
    DeliveryAuthorizer deliveryAuthorizer(PolicyDecisionPoint pdp, Audit audit) {
        return new DeliveryAuthorizer(pdp, audit);
    }

    @Bean(destroyMethod = "close")
    WebhookPusher webhookPusher(EndpointGuard guard, BudstikkeProperties properties) {
        BudstikkeProperties.Push push = properties.delivery().push();
        return new WebhookPusher(guard, properties.delivery().maxInFlight(), properties.delivery().ioThreads(),
                new WebhookPusher.Limits(push.connectTimeout(), push.connectionWait(), push.maxResponseBytes()));
    }

    @Bean
    StopSequence stopSequence(org.springframework.beans.factory.ObjectProvider<org.apache.camel.CamelContext> camel,
            FanOutDelivery fanOut, BudstikkeProperties properties) {
        return new StopSequence(camel::getObject, fanOut, properties.shutdown().grace(), properties.shutdown().reserve());
    }

    @Bean(destroyMethod = "close")
    FanOutDelivery fanOutDelivery(WebhookDelivery webhooks, AmqpDelivery amqp, DeliveryOutcomes outcomes,
            BudstikkeProperties properties, HubMetrics metrics) {
        PushPermits permits = new PushPermits(properties.delivery().maxInFlight());
        metrics.unsettledPushes(permits::unsettled);
        return new FanOutDelivery(webhooks, permits, amqp, outcomes, properties.delivery().hold(),
                properties.delivery().maxWaiting(), properties.delivery().copyMargin());
    }

    @Bean
    WebhookDelivery webhookDelivery(WebhookPusher pusher, EndpointGate gate, Tracing tracing) {
        return new WebhookDelivery(pusher, gate, tracing.on() ? new no.budstikke.delivery.TracedPushes(tracing)
                : no.budstikke.delivery.PushTrace.RANDOM);
    }

    @Bean
    AmqpDelivery amqpDelivery(DeliveryQueue queue) {
        return new AmqpDelivery(queue);
    }

    @Bean(destroyMethod = "close")
    DeliveryLog deliveryLog(DataSource dataSource, HubMetrics metrics, BudstikkeProperties properties) {
        BudstikkeProperties.LogWriter writer = properties.logs().delivery();
        DeliveryLog log = new DeliveryLog(dataSource, writer.capacity(), writer.batch());
        metrics.retryBacklog(log::retryBacklog);
        return log;
    }

    @Bean(destroyMethod = "close")
    WaitingSender waitingSender(DeliveryQueue queue, BudstikkeProperties properties) {
        return new WaitingSender(queue, properties.delivery().requeueTimeout());
    }

    @Bean
    DeliveryOutcomes deliveryOutcomes(DeliveryQueue queue, WaitingSender waiting, DeliveryLog log, HubMetrics metrics,
            Subscriptions subscriptions) {
        return new DeliveryOutcomes(queue, waiting, log, metrics, subscriptions::disable);
    }

    @Bean
    Resend resend(DataSource dataSource, DeliveryQueue queue, BudstikkeProperties properties) {
        return new Resend(dataSource, queue, properties.delivery().resend().maxScanned());
    }

    @Bean
    SubscriptionExchanges subscriptionExchanges(Subscriptions subscriptions, CloudEventCodec codec,
            com.fasterxml.jackson.databind.ObjectMapper mapper, BudstikkeProperties properties, EndpointGuard endpointGuard,
            DeliveryLog deliveryLog, Resend resend, EventStore store) {
        return new SubscriptionExchanges(subscriptions, new SubscriptionRequestReader(
                java.util.Set.copyOf(properties.delivery().plainHttpHosts()), endpointGuard), codec, mapper,
                deliveryLog, resend, properties.delivery().resend().maxJobs(), store,
                properties.security().scopes().admin());
    }

    @Bean
    EndpointGuard.Resolver endpointResolver() {
        return EndpointGuard.systemResolver();
    }

    @Bean
    EndpointGuard endpointGuard(BudstikkeProperties properties, EndpointGuard.Resolver resolver) {
        return new EndpointGuard(java.util.Set.copyOf(properties.delivery().allowedPrivateHosts()), resolver);
    }
}
