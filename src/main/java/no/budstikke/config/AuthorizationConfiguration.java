package no.budstikke.config;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.budstikke.authorization.AuditLog;
import no.budstikke.authorization.AuthorizationChanges;
import no.budstikke.authorization.AuthorizationStore;
import no.budstikke.authorization.BuiltInPolicyDecisionPoint;
import no.budstikke.authorization.DecisionCache;
import no.budstikke.authorization.PolicyAdministration;
import no.budstikke.authorization.PolicyDecisionPoint;
import no.budstikke.authorization.PermitAllPolicyDecisionPoint;
import no.budstikke.authorization.PolicyFileLoader;
import no.budstikke.authorization.PublishAuthorizer;
import no.budstikke.authorization.ReadAuthorizer;
import no.budstikke.connector.ConnectorState;
import no.budstikke.ingress.IntegratorRouteFiles;
import no.budstikke.ingress.http.AdminExchanges;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.ingress.http.AdminExchanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Authorization (DESIGN §4): the policy in PostgreSQL, seeded from the policy file; the engine that decides (the
 * built-in one or an external XACML decision point); the decision cache every enforcement point asks through;
 * the audit log of denials; and the listener that makes policy changes count on every node at once.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationConfiguration.class);

    /**
     * The built-in engine by its name: once {@code policyEngine} (the same object) exists, a look-up by type alone
     * finds two beans, so whether it worked would depend on the order the beans are made in.
     */
    private static final String BUILT_IN = "builtInPolicyDecisionPoint";

    @Bean
    AuthorizationStore authorizationStore(JdbcTemplate jdbc, BudstikkeProperties properties) {
        AuthorizationStore store = new AuthorizationStore(jdbc);
        int added = store.seed(new PolicyFileLoader().load(properties.authorization().policyFile()));
        LOG.info("Policy file {}: {} new rows seeded", properties.authorization().policyFile(), added);
        return store;
    }

    @Bean(BUILT_IN)
    BuiltInPolicyDecisionPoint builtInPolicyDecisionPoint(AuthorizationStore store) {
        BuiltInPolicyDecisionPoint builtIn = new BuiltInPolicyDecisionPoint(store);
        builtIn.replace(store.snapshot());
        return builtIn;
    }

    /** The engine that decides, unless an external one is configured ({@link ExternalPdpConfiguration}). */
    @Bean
    @ConditionalOnProperty(name = "budstikke.authorization.engine", havingValue = "builtin", matchIfMissing = true)
    PolicyDecisionPoint policyEngine(@Qualifier(BUILT_IN) BuiltInPolicyDecisionPoint builtIn) {
        return builtIn;
    }

    /** Lets everyone do everything: only for the benchmark that measures what authorization costs. */
    @Bean("policyEngine")
    @ConditionalOnProperty(name = "budstikke.authorization.engine", havingValue = "permit-all")
    PolicyDecisionPoint permitAllEngine() {
        LOG.error("budstikke.authorization.engine=permit-all: NO AUTHORIZATION. Every caller may publish and read "
                + "everything. This exists for benchmarks only.");
        return new PermitAllPolicyDecisionPoint();
    }

    @Bean
    DecisionCache decisionCache(@Qualifier("policyEngine") PolicyDecisionPoint engine, BudstikkeProperties properties) {
        var cache = properties.authorization().cache();
        return new DecisionCache(engine, cache.ttl(), cache.maxEntries());
    }

    /** What every enforcement point asks: the engine through the decision cache. */
    @Bean
    @Primary
    PolicyDecisionPoint policyDecisionPoint(DecisionCache cache, @Qualifier("policyEngine") PolicyDecisionPoint engine) {
        return engine instanceof PermitAllPolicyDecisionPoint ? engine : cache;
    }

    @Bean(destroyMethod = "close")
    AuthorizationChanges authorizationChanges(DataSource dataSource, AuthorizationStore store,
            @Qualifier(BUILT_IN) BuiltInPolicyDecisionPoint builtIn, DecisionCache cache) {
        return new AuthorizationChanges(dataSource, store, builtIn, cache);
    }

    @Bean(destroyMethod = "close")
    AuditLog auditLog(DataSource dataSource, HubMetrics metrics, BudstikkeProperties properties) {
        BudstikkeProperties.LogWriter writer = properties.logs().audit();
        return new AuditLog(dataSource, metrics::denied, writer.capacity(), writer.batch());
    }

    @Bean
    PolicyAdministration policyAdministration(AuthorizationStore store, AuthorizationChanges changes) {
        return new PolicyAdministration(store, changes);
    }

    @Bean
    AdminExchanges adminExchanges(PolicyAdministration policy, AuditLog audit, ConnectorState connectors,
            IntegratorRouteFiles routeFiles, ObjectMapper mapper) {
        return new AdminExchanges(policy, audit, connectors, routeFiles::status, mapper);
    }

    @Bean
    ConnectorState connectorState(JdbcTemplate jdbc, HubMetrics metrics) {
        return new ConnectorState(jdbc, metrics::parked);
    }

    @Bean
    PublishAuthorizer publishAuthorizer(PolicyDecisionPoint pdp, AuditLog audit) {
        return new PublishAuthorizer(pdp, audit);
    }

    @Bean
    ReadAuthorizer readAuthorizer(PolicyDecisionPoint pdp, AuditLog audit) {
        return new ReadAuthorizer(pdp, audit);
    }
}
