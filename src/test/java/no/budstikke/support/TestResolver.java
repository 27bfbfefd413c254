package no.budstikke.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import no.budstikke.subscription.EndpointGuard;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Name resolution for the integration tests, so no test asks real DNS and no test traffic leaves the machine:
 * {@code *.example} hosts resolve to 127.0.0.1 (the tests allow-list the few they subscribe to, so validation
 * attempts end at this machine's closed port 443), {@code internal.example} to 10.0.0.1 (refused by the
 * endpoint-safety rule before any connection), and IP literals to themselves.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestResolver {

    @Bean
    @Primary
    EndpointGuard.Resolver testEndpointResolver() {
        return host -> {
            if (host.equals("internal.example")) {
                return List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 1}));
            }
            if (host.endsWith(".example")) {
                return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
            }
            if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':')) {
                return List.of(InetAddress.getByName(host));
            }
            throw new UnknownHostException(host);
        };
    }
}
