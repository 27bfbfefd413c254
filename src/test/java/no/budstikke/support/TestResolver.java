package no.budstikke.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import no.budstikke.delivery.EndpointGuard;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Name resolution for the integration tests, so no test asks real DNS: {@code *.example} hosts resolve to a
 * documentation address (203.0.113.10, never contacted: nothing is delivered to them), {@code internal.example}
 * to 10.0.0.1 (for the endpoint-safety rule), and IP literals to themselves.
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
                return List.of(InetAddress.getByAddress(host, new byte[] {(byte) 203, 0, 113, 10}));
            }
            if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':')) {
                return List.of(InetAddress.getByName(host));
            }
            throw new UnknownHostException(host);
        };
    }
}
