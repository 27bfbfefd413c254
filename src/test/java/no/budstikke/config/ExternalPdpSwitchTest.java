package no.budstikke.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PolicyDecisionPoint;
import no.budstikke.authorization.XacmlPolicyDecisionPoint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The external XACML PDP stands in for the built-in one only when the engine says so, and counts its failures. */
class ExternalPdpSwitchTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(BoundProperties.class, ExternalPdpConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @EnableConfigurationProperties(BudstikkeProperties.class)
    static class BoundProperties {
    }

    @Test
    void engineXacmlPutsTheExternalPdpInPlaceAndCountsItsFailuresByReason() throws IOException {
        context.withPropertyValues("budstikke.authorization.engine=xacml",
                "budstikke.authorization.xacml.url=http://127.0.0.1:" + closedLoopbackPort() + "/authorize",
                "budstikke.authorization.xacml.connect-timeout=PT1S",
                "budstikke.authorization.xacml.timeout=PT1S")
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(PolicyDecisionPoint.class);
                    PolicyDecisionPoint pdp = ctx.getBean(PolicyDecisionPoint.class);
                    assertThat(pdp).isInstanceOf(XacmlPolicyDecisionPoint.class);

                    assertThat(pdp.mayPublish(new Identity("/org/skd"), "urn:altinn:resource:skd-skattemelding")).isFalse();

                    assertThat(ctx.getBean(MeterRegistry.class).get("budstikke.pdp.failures").tag("reason", "connection")
                            .counter().count()).isEqualTo(1.0);
                });
    }

    @Test
    void theBuiltInEngineOrNoneAtAllLeavesTheExternalPdpOut() {
        context.withPropertyValues("budstikke.authorization.engine=builtin")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(PolicyDecisionPoint.class));
        context.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(PolicyDecisionPoint.class));
    }

    @Test
    void engineXacmlWithoutAUrlFailsAtStartup() {
        context.withPropertyValues("budstikke.authorization.engine=xacml", "budstikke.authorization.xacml.url=",
                "budstikke.authorization.xacml.timeout=PT1S", "budstikke.authorization.xacml.connect-timeout=PT1S")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("budstikke.authorization.xacml.url"));
    }

    @Test
    void aMistypedEngineFailsAtStartupInsteadOfFallingBackToAnother() {
        context.withPropertyValues("budstikke.authorization.engine=xcaml")
                .run(ctx -> assertThat(ctx).hasFailed());
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
