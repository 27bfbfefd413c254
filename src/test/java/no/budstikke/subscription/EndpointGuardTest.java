package no.budstikke.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The SSRF rule, with a stubbed resolver: no test here sends a packet anywhere. */
class EndpointGuardTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private final Map<String, List<InetAddress>> dns = Map.of(
            "public.example", List.of(ip("93.184.216.34")),
            "internal.example", List.of(ip("10.0.0.1")),
            "sneaky.example", List.of(ip("93.184.216.34"), ip("192.168.1.10")),
            "metadata.example", List.of(ip("169.254.169.254")),
            "v6local.example", List.of(ip("fd00::1")),
            "cgnat.example", List.of(ip("100.64.0.1")));

    private final EndpointGuard guard = new EndpointGuard(Set.of("localhost", "allowed.example"), host -> {
        List<InetAddress> addresses = dns.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    });

    @Test
    void publicAddressesArePermitted() {
        assertThat(guard.refusal(URI.create("https://public.example/hook"))).isNull();
    }

    @Test
    void privateLoopbackLinkLocalAndReservedTargetsAreRefusedAfterResolution() {
        for (String url : List.of("https://internal.example/h", "https://sneaky.example/h", "https://metadata.example/h",
                "https://v6local.example/h", "https://cgnat.example/h")) {
            assertThat(guard.refusal(URI.create(url))).as(url).contains("not allowed");
        }
    }

    @Test
    void literalAddressesAreCheckedToo() {
        EndpointGuard literal = new EndpointGuard(Set.of(), host -> List.of(InetAddress.getByName(host)));
        assertThat(literal.refusal(URI.create("https://10.0.0.1/h"))).isNotNull();
        assertThat(literal.refusal(URI.create("https://127.0.0.1/h"))).isNotNull();
        assertThat(literal.refusal(URI.create("https://[::1]/h"))).isNotNull();
        assertThat(literal.refusal(URI.create("https://172.16.5.4/h"))).isNotNull();
    }

    @Test
    void allowListedHostsSkipTheCheckAndUnknownHostsAreRefused() {
        assertThat(guard.refusal(URI.create("http://localhost:8080/h"))).isNull();
        assertThat(guard.refusal(URI.create("https://allowed.example/h"))).isNull();
        assertThat(guard.refusal(URI.create("https://nowhere.example/h"))).contains("does not resolve");
    }

    @Test
    void theAddressesToConnectToAreOnlyThePermittedOnesAndLiteralsAreNeverLookedUp() throws Exception {
        assertThat(guard.permittedAddresses("public.example")).containsExactly(ip("93.184.216.34"));
        assertThat(guard.permittedAddresses("93.184.216.34")).containsExactly(ip("93.184.216.34"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> guard.permittedAddresses("sneaky.example"))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("not allowed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> guard.permittedAddresses("10.0.0.1"))
                .isInstanceOf(UnknownHostException.class);
        EndpointGuard literalAllowed = new EndpointGuard(Set.of("127.0.0.1"), host -> {
            throw new AssertionError("a literal must not be looked up: " + host);
        });
        assertThat(literalAllowed.permittedAddresses("127.0.0.1")).containsExactly(ip("127.0.0.1"));
    }
}
